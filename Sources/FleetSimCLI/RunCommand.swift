import ArgumentParser
import Foundation
import Experiments
import Reports
import ScenarioLoading
import SimulationCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario's replications and write its results directory.",
        discussion: """
            Writes DIR/replications.csv (one row per replication), DIR/metrics.csv (mean and \
            95% confidence interval per metric), the model's tables (capacity over time, \
            incidents, jobs, ...) and DIR/summary.json (the run's identity and every KPI with its \
            interval), documented in docs/output.md; --format json writes the tables as JSON \
            instead, both writes both. The directory is written as a whole after all \
            replications finished: an interrupted run leaves the previous results or nothing \
            that looks complete. Same scenario and seed give byte-identical files.

            --record adds DIR/events.jsonl, every event of every replication, which \
            `fleetsim replay DIR/events.jsonl` checks by running again.

            Examples:
              fleetsim run scenarios/repair-pool.yaml
              fleetsim run scenarios/repair-pool.yaml --seed 7 -r 100 --threads 1
              fleetsim run scenarios/mixed-fleet.yaml --horizon 30d -r 4 -o results/quick
              fleetsim run scenarios/repair-pool.yaml --horizon 30d -r 2 --record
            """
    )

    @Argument(help: "Scenario file (YAML), e.g. scenarios/repair-pool.yaml.")
    var scenario: String

    @Option(name: [.short, .long], help: "Number of independent replications; overrides the scenario's `replications`.")
    var replications: Int?

    @Option(name: [.short, .long], help: "Results directory (default: results/<scenario name>).")
    var output: String?

    @OptionGroup var options: ScenarioOptions

    @OptionGroup(title: "Beyond one machine (README: Beyond one machine)") var study: StudyOptions

    @Option(help: "Table files to write besides summary.json: csv, json or both.")
    var format: ExportFormat = .csv

    @Flag(help: "Also write DIR/events.jsonl, every event fired, for `fleetsim replay`.")
    var record = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Also print the scenario's size and each replication as it finishes (stderr).")
    var verbose = false

    func validate() throws {
        if let replications, let problem = ScenarioLimits.replicationsProblem(replications) {
            throw ValidationError("--replications: \(problem).")
        }
        if record && study.isSharded { throw ValidationError("--record runs on one machine; drop --shards (or --record).") }
    }

    func run() throws {
        let loaded = try options.load(scenario)
        let seed = options.seed(for: loaded)
        let count = replications ?? loaded.replications
        let directoryPath = output ?? "results/\(loaded.name)"
        if study.writesResults { try ResultsOutput.checkTarget(directoryPath, command: "run", inputs: [scenario]) }
        let executor = try study.executor(threads: options.threads, results: directoryPath, quiet: quiet)

        if verbose && !quiet {
            Self.log("\(scenario): \(ValidateCommand.summary(of: loaded)); seed \(seed), \(count) replications")
        }
        let warnings = loaded.warnings
        if !quiet && executor.writesResults { for warning in warnings { Self.log("warning: \(scenario): \(warning)") } }
        let reporter = ProgressReporter(
            total: count, enabled: !quiet && !verbose && (progress || ProgressReporter.stderrIsTerminal))
        let verbose = self.verbose && !quiet
        let directory = URL(fileURLWithPath: directoryPath)
        let recorder: RunRecordWriter?
        do { recorder = record ? try RunRecordWriter(beside: directory, metrics: loaded.metrics) : nil } catch {
            throw CLIError("cannot write the run record beside \(directoryPath) (\(error.localizedDescription))")
        }
        defer { recorder?.remove() }
        let results: [ReplicationResult]
        do {
            results = try ScenarioStudy.replicate(loaded, replications: count, seed: seed, executor: executor,
                                                  recordEvents: recorder != nil) { replication, seconds in
                var result = replication
                if let recorder { result = recorder.record(result) }
                reporter.completed(events: result.eventsFired)
                if verbose { Self.log(String(format: "replication %d: %d events in %.2f s", result.index, result.eventsFired, seconds)) }
                return result
            }
        } catch { throw StudyOptions.stop(error, quiet: quiet) }
        guard executor.writesResults else { return }
        reporter.finish()

        var run = RunResults(
            scenario: .init(name: loaded.name, file: scenario, contentHash: loaded.contentHash),
            seed: seed, horizonHours: loaded.horizon, warmupHours: loaded.warmup,
            metrics: loaded.metrics, replications: results)
        run.warnings = warnings
        var moved: [String: URL] = [:]
        if let recorder {
            let header = RunRecord.Header(scenarioFile: scenario, scenarioName: loaded.name, contentHash: loaded.contentHash,
                                          seed: seed, replications: count, horizonHours: loaded.horizon)
            do { moved["events.jsonl"] = try recorder.assemble(header: header, replications: count) } catch {
                throw CLIError("cannot write the run record (\(error.localizedDescription))")
            }
        }
        try ResultsOutput.write(run, to: directory, format: format, movedFiles: moved, inputs: [scenario])
        if !quiet { print(ResultsOutput.table(run) + "\nResults: \(directoryPath)/") }
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension ExportFormat: ExpressibleByArgument {}
