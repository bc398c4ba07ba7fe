import ArgumentParser
import Experiments
import FleetPolicy
import Foundation
import LocatedYAML
import Reports
import ScenarioLoading
import Stochastics

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare management strategies (runbook files) on the same faults.",
        discussion: """
            Runs a fleet scenario once per strategy with the same seed — common random numbers: \
            the same faults, draws and arrivals — and prints each metric per strategy with its \
            95% confidence interval, then each strategy's paired difference from the first with \
            its 95% interval; "*" marks a difference whose interval excludes zero. Writes \
            comparison.csv with --output.

            Example:
              fleetsim compare scenarios/runbook-comparison.yaml \\
                --strategies runbooks/manual.yaml,runbooks/scripted.yaml,runbooks/closed-loop.yaml
            """
    )

    @Argument(help: "A fleet scenario.")
    var scenario: String

    @Option(help: "Comma-separated runbook files, one per strategy; the first is the baseline.")
    var strategies: String

    @Option(name: [.short, .long], help: "Replications per strategy (default: the scenario's).")
    var replications: Int?

    @OptionGroup var options: ScenarioOptions

    @Option(name: [.short, .long], help: "Directory for comparison.csv.")
    var output: String?

    @Option(help: "Comma-separated metric names to show (default: all).")
    var metrics: String?

    @Flag(help: "Print the comparison as JSON (docs/output.md, \"fleetsim compare\") instead of the table.")
    var json = false

    @OptionGroup(title: "Beyond one machine (README: Beyond one machine)") var study: StudyOptions

    func validate() throws {
        if let replications, let problem = ScenarioLimits.replicationsProblem(replications, minimum: 2) {
            throw ValidationError("--replications: \(problem).")
        }
    }

    func run() throws {
        let loaded = try options.load(scenario)
        let inputs = [scenario] + strategies.split(separator: ",").map(String.init)
        if let output, study.writesResults { try ResultsOutput.checkTarget(output, command: "compare", mode: .add, inputs: inputs) }
        var list: [StrategyComparison.Strategy] = []
        for path in strategies.split(separator: ",").map(String.init) {
            let text: String
            do { text = try InputFile.text(path, what: "the runbook file") } catch { throw CLIError(error.description) }
            do {
                list.append(.init(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                  runbooks: try RunbookFile.parse(text, file: path), fingerprint: StableHash.fnv1a64Hex(text.utf8)))
            } catch { throw CLIError(error.description) }
        }
        // A misspelt metric would silently show nothing: refused before any replication runs.
        let known = StrategyComparison.metrics(of: loaded, strategies: list).map(\.name)
        for name in metrics?.split(separator: ",").map(String.init) ?? [] where !known.contains(name) {
            throw CLIError("--metrics: no metric '\(name)' in \(scenario)"
                + (Spelling.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? " (docs/output.md lists the metrics)"))
        }
        let executor = try study.executor(threads: options.threads, results: output ?? "results/compare-\(loaded.name)")
        let result: StrategyComparison.Result
        do {
            result = try StrategyComparison.run(loaded, strategies: list, replications: replications ?? loaded.replications,
                                                executor: executor, seed: options.seed(for: loaded))
        } catch {
            if let stopped = error.study { throw StudyOptions.stop(stopped) }
            throw CLIError("\(scenario): \(error)")
        }
        guard executor.writesResults else { return }
        let wanted = metrics.map { Set($0.split(separator: ",").map(String.init)) }
        let shown = result.metrics.indices.filter { wanted?.contains(result.metrics[$0].name) ?? true }
        func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var csv = "metric,strategy,mean,ci_low,ci_high,difference_from_baseline,difference_ci_low,difference_ci_high\n"
        var objects: [[String: Any]] = []
        var lines = ["strategies: \(result.strategies.joined(separator: ", ")) (differences against \(result.strategies[0]); * = 95% interval excludes 0)"]
        for index in shown {
            let metric = result.metrics[index]
            var line = metric.name.padding(toLength: 34, withPad: " ", startingAt: 0)
            var perStrategy: [[String: Any]] = []
            for strategy in result.strategies.indices {
                let stats = result.statistics(strategy: strategy, metric: index)
                let difference = strategy > 0 ? result.difference(strategy: strategy, metric: index) : nil
                let ci = stats?.confidenceInterval(), dci = difference?.confidenceInterval()
                var text = stats.map { String(format: "%.4g ± %.2g", $0.mean, $0.halfWidth() ?? 0) } ?? "n/a"
                if let difference, let dci { text += String(format: " (Δ %+.3g%@)", difference.mean, dci.contains(0) ? "" : "*") }
                line += "  " + text.padding(toLength: 30, withPad: " ", startingAt: 0)
                csv += "\(metric.name),\(result.strategies[strategy]),\(cell(stats?.mean)),\(cell(ci?.lowerBound)),\(cell(ci?.upperBound)),"
                    + "\(cell(difference?.mean)),\(cell(dci?.lowerBound)),\(cell(dci?.upperBound))\n"
                perStrategy.append([
                    "strategy": result.strategies[strategy], "mean": stats?.mean ?? NSNull(), "ci_low": ci?.lowerBound ?? NSNull(),
                    "ci_high": ci?.upperBound ?? NSNull(), "difference_from_baseline": difference?.mean ?? NSNull(),
                    "difference_ci_low": dci?.lowerBound ?? NSNull(), "difference_ci_high": dci?.upperBound ?? NSNull(),
                    "difference_excludes_zero": dci.map { !$0.contains(0) } ?? NSNull(),
                ])
            }
            lines.append(line)
            objects.append(["metric": metric.name, "unit": metric.unit, "strategies": perStrategy])
        }
        if json {
            let document: [String: Any] = [
                "format": "fleetsim.compare/1", "scenario": scenario, "seed": options.seed(for: loaded),
                "replications": replications ?? loaded.replications, "strategies": result.strategies, "baseline": result.strategies[0],
                "confidence_level": 0.95, "metrics": objects,
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(lines.joined(separator: "\n"))
        }
        if let output {
            try ResultsOutput.writeFolder(["comparison.csv": Data(csv.utf8)], to: URL(fileURLWithPath: output),
                                          command: "compare", mode: .add, inputs: inputs)
        }
    }
}
