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
            its 95% interval; "*" marks a difference whose interval excludes zero. With \
            --output DIR, writes comparison.csv and comparison.json, and — unless DIR already \
            holds a run's results — each strategy's summary.json, metrics.csv and \
            replications.csv under DIR/strategies/<name>/; `fleetsim report DIR` and \
            `fleetsim export notebook DIR` read such a folder.

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

    @Option(name: [.short, .long], help: "Directory for the comparison (comparison.csv, comparison.json, strategies/<name>/).")
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
        let list = try strategies.split(separator: ",").map { try StrategyComparison.Strategy.load(String($0)) }
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
        let report = ComparisonReport(result: result, shown: result.metrics.indices.filter { wanted?.contains(result.metrics[$0].name) ?? true },
                                      scenarioFile: scenario, scenario: loaded, seed: options.seed(for: loaded),
                                      replications: replications ?? loaded.replications)
        let document = report.document()
        if json {
            print(String(decoding: try ComparisonReport.encoded(document), as: UTF8.self))
        } else {
            print(report.text())
        }
        if let output {
            // Beside a run's results, the comparison; a folder of its own gets each strategy's results too.
            try ResultsOutput.writeFolder(["comparison.csv": Data(report.csv().text.utf8), "comparison.json": try ComparisonReport.encoded(document)],
                                          to: URL(fileURLWithPath: output), command: "compare", mode: .add, inputs: inputs,
                                          newFolder: try report.folder())
        }
    }
}

extension StrategyComparison.Strategy {
    /// The strategy of a runbook file, named after it; problems in the file as one-line errors.
    static func load(_ path: String) throws -> Self {
        let text: String
        do { text = try InputFile.text(path, what: "the runbook file") } catch { throw CLIError(error.description) }
        do {
            return .init(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                         runbooks: try RunbookFile.parse(text, file: path), fingerprint: StableHash.fnv1a64Hex(text.utf8))
        } catch { throw CLIError(error.description) }
    }
}
