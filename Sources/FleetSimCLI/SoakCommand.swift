import ArgumentParser
import Foundation
import ScenarioLoading
import SimulationCore

struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run replications with the fleet model's invariants checked after every event.",
        discussion: """
            After each event: usable capacity within 0 and the installed GPUs; every outage \
            added once and removed once (the capacity ledger holds exactly the outages of open \
            incidents, cordons and upgrades in progress); every open incident's component \
            failed; technicians busy within their crew; no training job running on hardware a \
            failure took out; and capacity recounted GPU by GPU (every 97th event up to \
            20,000 GPUs, every 1,009th above). Stops at the first violation, naming the \
            scenario, replication, event and time, with exit status 1. Writes no results.

            Example (the soak reported in the README):
              fleetsim soak scenarios/*.yaml -r 1000 --horizon 90d
            """
    )

    @Argument(help: "Scenario files (repair-pool scenarios are skipped: they have no fleet invariants).")
    var scenarios: [String]

    @Option(name: [.short, .long], help: "Replications per scenario (default: each scenario's).")
    var replications: Int?

    @OptionGroup var options: ScenarioOptions

    func validate() throws {
        if let replications, let problem = ScenarioLimits.replicationsProblem(replications) {
            throw ValidationError("--replications: \(problem).")
        }
    }

    func run() throws {
        var totalEvents = 0, totalReplications = 0
        let started = Date()
        for path in scenarios {
            let loaded = try options.load(path)
            let seed = options.seed(for: loaded), count = replications ?? loaded.replications
            guard loaded.hasInvariantChecks else {
                print("\(path): skipped (no fleet invariants)")
                continue
            }
            let checks = Replications.run(count: count, threads: options.threads) { loaded.checkInvariants($0, seed: seed)! }
            if let failed = checks.indices.first(where: { checks[$0].violation != nil }) {
                throw CLIError("\(path): replication \(failed) (seed \(seed)): invariant broken \(checks[failed].violation!)")
            }
            let events = checks.reduce(0) { $0 + $1.eventsChecked }
            totalEvents += events
            totalReplications += count
            print("\(path): \(count) replications, \(events) events checked, no violation")
        }
        print(String(format: "soak: %d replications, %d events checked in %.1f s, no violation",
                     totalReplications, totalEvents, Date().timeIntervalSince(started)))
    }
}
