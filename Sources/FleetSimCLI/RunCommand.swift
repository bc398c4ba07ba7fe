import ArgumentParser
import Foundation
import Reports
import ScenarioLoading
import SimulationCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario's replications and write its results directory.",
        discussion: """
            Writes DIR/replications.csv (one row per replication), DIR/metrics.csv (mean and \
            95% confidence interval per metric) and DIR/summary.json (the same, with the run's \
            identity), documented in docs/output.md. Files are written atomically, after all \
            replications finished; summary.json is written last.

            Examples:
              fleetsim run scenarios/repair-pool.yaml
              fleetsim run scenarios/repair-pool.yaml --seed 7 -r 100 --threads 1
              fleetsim run scenarios/mixed-fleet.yaml --horizon 30d -r 4 -o results/quick
            """
    )

    @Argument(help: "Scenario file (YAML), e.g. scenarios/repair-pool.yaml.")
    var scenario: String

    @Option(name: [.short, .long], help: "Number of independent replications; overrides the scenario's `replications`.")
    var replications: Int?

    @Option(name: [.short, .long], help: "Results directory (default: results/<scenario name>).")
    var output: String?

    @OptionGroup var options: ScenarioOptions

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 {
            throw ValidationError("--replications must be at least 1 (got \(replications)).")
        }
    }

    func run() throws {
        let loaded = try options.load(scenario)
        let seed = options.seed(for: loaded)
        let count = replications ?? loaded.replications
        let directoryPath = output ?? "results/\(loaded.name)"

        let reporter = ProgressReporter(
            total: count, enabled: !quiet && (progress || ProgressReporter.stderrIsTerminal))
        let results = Replications.run(count: count, threads: options.threads) { index in
            let result = loaded.replicate(index, seed: seed)
            reporter.completed(events: result.eventsFired)
            return result
        }
        reporter.finish()

        let run = RunResults(
            scenario: .init(name: loaded.name, file: scenario, contentHash: loaded.contentHash),
            seed: seed, horizonHours: loaded.horizon, warmupHours: loaded.warmup,
            metrics: loaded.metrics, replications: results)
        try ResultsOutput.write(run, to: URL(fileURLWithPath: directoryPath))
        if !quiet { print(ResultsOutput.table(run) + "\nResults: \(directoryPath)/") }
    }
}
