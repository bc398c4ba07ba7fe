import FleetModel
import Foundation
import ScenarioLoading
import SimulationCore
import Testing

/// The fleet model's invariants (see `fleetsim soak --help`) checked after every event of
/// shipped scenarios, and the replications that once broke them run again exactly.
@Suite struct ShippedScenarioRegressionTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios").standardized

    static func scenario(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: scenarios.appendingPathComponent(name).path)
    }

    /// Replication 1072 of runbook-comparison (seed 77): a reboot for one alert resolved an
    /// older fault on the same node that a technician was repairing; the technician's repair
    /// then resolved it again and removed its outage twice (a trap in the capacity ledger).
    @Test func runbookComparisonReplication1072() throws {
        let scenario = try Self.scenario("runbook-comparison.yaml")
        let check = try #require(scenario.checkInvariants(1072, seed: scenario.seed))
        #expect(check.violation == nil)
        #expect(check.eventsChecked > 1000, "\(check.eventsChecked) events")
    }

    /// Every shipped fleet scenario, a few replications each over a shortened horizon (the test
    /// keeps a budget; `fleetsim soak` runs thousands, see the README).
    @Test(arguments: ["checkpoint-study", "edge-rollout", "lanl-system20-replay", "llama3-405b-16k", "mixed-fleet-runbooks",
                      "network-bound-checkpoints", "research-cluster", "runbook-comparison", "runbook-comparison-predictive",
                      "upgrade-campaign", "wan-failover"])
    func invariantsHoldAfterEveryEvent(_ name: String) throws {
        let full = try Self.scenario("\(name).yaml")
        let scenario = full.withHorizon(min(full.horizon, 24 * 60))
        var events = 0
        for replication in 0..<4 {
            let check = try #require(scenario.checkInvariants(replication, seed: scenario.seed))
            #expect(check.violation == nil, "\(name) replication \(replication)")
            events += check.eventsChecked
        }
        #expect(events > 0)
    }
}
