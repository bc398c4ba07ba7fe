@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

@Suite struct CorrelatedEventTests {
    /// A common-cause event striking every PDU of a site with probability 1, once a week on
    /// average, at the edge site only: each strike fails all of that site's PDUs at once, and
    /// none at the on-prem site.
    @Test func aStrikeFailsManyComponentsAtOnceWhereItMayStrike() {
        var configuration = FleetFixtures.smallFleet(racks: 3)
        configuration.correlatedEvents = [CorrelatedEvent(
            name: "surge", meanTimeBetween: 168, componentClass: FleetFixtures.Class.pdu.rawValue,
            probability: 1, siteKinds: [.edge])]
        configuration.horizon = 24 * 7 * 20
        let topology = FleetTopology(configuration)
        let result = FleetSimulation.replicate(topology, masterSeed: 5, replication: 0)
        let names = FleetSimulation.metrics(for: configuration).map(\.name)
        let correlated = result.values[names.firstIndex(of: "correlated_failures")!]!
        let pduIncidents = result.values[names.firstIndex(of: "incidents_pdu")!]!
        #expect(correlated == pduIncidents, "every PDU failure came from a strike")
        #expect(correlated.truncatingRemainder(dividingBy: 3) == 0, "3 PDUs fail together (repairs take 3 h, strikes are a week apart)")
        // ~20 strikes expected (Poisson): within 4.5 σ.
        #expect(abs(correlated / 3 - 20) < 4.5 * 20.0.squareRoot())
        let sites = result.tables.first { $0.name == "sites" }!
        #expect(sites.rows[0][5] == "0" && sites.rows[1][5] == "\(Int(correlated))", "only the edge site is struck")
    }
}
