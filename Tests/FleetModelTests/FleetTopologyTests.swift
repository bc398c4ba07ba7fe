@testable import FleetModel
import Testing

@Suite struct FleetTopologyTests {
    @Test func countsAndContiguousSiteRangesAgreeWithTheHierarchy() {
        let topology = FleetTopology(FleetFixtures.smallFleet(racks: 3))
        #expect(topology.siteCount == 2 && topology.rackCount == 6 && topology.nodeCount == 12 && topology.gpuCount == 48)
        #expect(topology.siteInstalledGPUs == [24, 24])
        #expect(topology.instanceHost.map(\.count) == [48, 6, 2])
        #expect(topology.classLevel == [.gpu, .rack, .site])
        for (classIndex, ranges) in topology.siteInstances.enumerated() {
            #expect(ranges.map(\.count).reduce(0, +) == topology.instanceHost[classIndex].count)
            for (site, range) in ranges.enumerated() {
                for instance in range {
                    let host = Int(topology.instanceHost[classIndex][instance])
                    #expect(topology.ancestor(of: host, at: topology.classLevel[classIndex], level: .site) == site)
                }
            }
        }
    }
}
