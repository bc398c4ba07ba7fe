import ArgumentParser
import Experiments
import Foundation
import LocatedYAML
import Reports
import ScenarioLoading
import SimulationCore

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a recorded run again and check that every event and KPI matches.",
        discussion: """
            Reads an event log written by `fleetsim run --record` (events.jsonl in the results \
            directory), loads the scenario it names — which must be unchanged (its content hash \
            is checked) — runs the same replications with the same seed and horizon, and \
            compares the two logs line by line. Reports the first divergent event (or KPI) with \
            both versions and exits with status 1; exits 0 when everything matches.

            Example:
              fleetsim run scenarios/repair-pool.yaml --horizon 30d -r 2 --record -o results/rec
              fleetsim replay results/rec/events.jsonl
            """
    )

    @Argument(help: "The event log (events.jsonl).")
    var log: String

    @Option(help: "The scenario file, if it moved since the recording (default: the path in the log).")
    var scenario: String?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let text: String
        do { text = try InputFile.text(log, what: "the event log") } catch { throw CLIError(error.description) }
        let recorded = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = recorded.first else { throw CLIError("\(log) is empty; expected a run record from `fleetsim run --record`") }
        let header: RunRecord.Header
        do { header = try RunRecord.header(of: first) } catch { throw CLIError("\(log):1: \(error)") }
        // The header is input like any other: checked before it sizes anything.
        if let problem = ScenarioLimits.replicationsProblem(header.replications) ?? ScenarioLimits.horizonProblem(header.horizonHours) {
            throw CLIError("\(log):1: the header asks for \(problem)")
        }

        let path = scenario ?? header.scenarioFile
        var loaded: Scenario
        do { loaded = try ScenarioLoader.load(path: path) } catch { throw CLIError("\(error)") }
        guard loaded.contentHash == header.contentHash else {
            throw CLIError("\(path) changed since the recording (content hash \(loaded.contentHash), recorded \(header.contentHash)); replay needs the same scenario")
        }
        if loaded.horizon != header.horizonHours { loaded = loaded.withHorizon(header.horizonHours) }
        let results: [ReplicationResult]
        do {
            results = try ScenarioStudy.replicate(loaded, replications: header.replications, seed: header.seed,
                                                  executor: LocalExecutor(threads: threads), recordEvents: true)
        } catch { throw StudyOptions.stop(error) }
        let replayed = RunRecord.lines(header: header, metrics: loaded.metrics, replications: results)
        if let divergence = RunRecord.firstDivergence(recorded: recorded, replayed: replayed) {
            throw CLIError("""
                replay diverges at \(log):\(divergence.line)
                  recorded: \(divergence.recorded ?? "(end of log)")
                  replayed: \(divergence.replayed ?? "(nothing more)")
                """)
        }
        let events = results.reduce(0) { $0 + $1.eventsFired }
        print("replay matches: \(header.replications) replications, \(events) events, every event and KPI identical (seed \(header.seed))")
    }
}
