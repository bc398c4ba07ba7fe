@testable import FleetModel
import Testing

@Suite struct NetworkStateTests {
    /// Overlapping cuts: a site returns only when the last heals, with the faults hidden
    /// meanwhile in the order they were detected; other sites stay reachable throughout.
    @Test func aSiteReturnsWhenItsLastCutHeals() {
        var network = NetworkState(siteCount: 3)
        let site = SiteID(1)
        let firstCutIsolates = network.cut(site)
        network.hide(IncidentID(7), at: site)
        let secondCutIsolates = network.cut(site)
        network.hide(IncidentID(2), at: site)
        #expect(firstCutIsolates && !secondCutIsolates)
        #expect(!network.isReachable(site) && network.isReachable(SiteID(0)) && network.isReachable(SiteID(2)))
        let firstHeal = network.heal(site)
        #expect(firstHeal == nil && !network.isReachable(site))
        let lastHeal = network.heal(site)
        #expect(lastHeal == [IncidentID(7), IncidentID(2)])
        let reachable = (0..<3).map { network.isReachable(SiteID($0)) }
        #expect(reachable == [true, true, true])
        _ = network.cut(site)
        let emptyHeal = network.heal(site)
        #expect(emptyHeal == [])
    }
}
