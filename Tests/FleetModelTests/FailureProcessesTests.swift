@testable import FleetModel
import Testing

@Suite struct FailureProcessesTests {
    /// Components of an exponential class share their class's pooled clock; the others keep an
    /// event each, which is what the event list is sized for.
    @Test func onlyComponentsWithTheirOwnClockCountTowardsTheEventList() {
        var configuration = FleetFixtures.smallFleet(racks: 3)
        let topology = FleetTopology(configuration)
        #expect(FailureProcesses(topology: topology).ownClockCount == 48 + 6 + 2)
        configuration.componentClasses[0].timeToFailure = .exponential(mean: 1000)
        let pooled = FleetSimulation(topology: FleetTopology(configuration), masterSeed: 1, replication: 0)
        #expect(pooled.failures.ownClockCount == 6 + 2 && pooled.expectedPendingEvents == 6 + 2 + 64)
    }
}
