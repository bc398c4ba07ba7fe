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

    @Test func aLineageNamesEveryEntityAboveAndNoneBelow() {
        let topology = FleetTopology(FleetFixtures.smallFleet(racks: 3))
        for gpu in 0..<topology.gpuCount {
            let node = Int(topology.gpuNode[gpu]), rack = Int(topology.nodeRack[node]), site = Int(topology.rackSite[rack])
            #expect(topology.lineage(of: gpu, at: .gpu) == FleetTopology.Lineage(gpu: Int32(gpu), node: Int32(node), rack: Int32(rack), site: Int32(site)))
            #expect(topology.lineage(of: node, at: .node) == FleetTopology.Lineage(node: Int32(node), rack: Int32(rack), site: Int32(site)))
            #expect(topology.lineage(of: rack, at: .rack) == FleetTopology.Lineage(rack: Int32(rack), site: Int32(site)))
            #expect(topology.lineage(of: site, at: .site)[.site] == site)
            #expect(topology.ancestor(of: gpu, at: .gpu, level: .rack) == rack)
        }
        #expect(Level.allCases.map(\.order) == [0, 1, 2, 3])
    }
}
