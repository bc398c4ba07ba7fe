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

    /// Hosts and lineages computed from a regular layout equal those read from the arrays, and
    /// an irregular one (a second rack type with other node and GPU counts, and a class on one
    /// rack type only) falls back to the arrays.
    @Test func regularLayoutsAreComputedAndIrregularOnesLookedUp() {
        var irregular = FleetFixtures.smallFleet(racks: 2)
        irregular.rackTypes.append(RackType(name: "wide", nodes: 3, gpusPerNode: 8, nvlinkDomain: .rack, powerKilowatts: 10,
                                            components: [Placement(componentClass: 0, level: .gpu, count: 2)]))
        irregular.sites[0].racks.append(RackCount(rackType: 1, count: 2))  // racks 2, 3: no PDU
        let uniform = FleetTopology(FleetFixtures.smallFleet(racks: 3))
        let mixed = FleetTopology(irregular)
        #expect(uniform.instancesPerHost == [1, 1, 1] && uniform.uniformGPUsPerNode == 4 && uniform.uniformNodesPerRack == 2)
        #expect(mixed.instancesPerHost == [0, 0, 1] && mixed.uniformGPUsPerNode == 0 && mixed.uniformNodesPerRack == 0)
        for topology in [uniform, mixed] {
            for (classIndex, hosts) in topology.instanceHost.enumerated() {
                for (instance, host) in hosts.enumerated() { #expect(topology.host(ofClass: classIndex, instance: instance) == Int(host)) }
            }
            for gpu in 0..<topology.gpuCount {
                let node = Int(topology.gpuNode[gpu]), rack = Int(topology.nodeRack[node]), site = Int(topology.rackSite[rack])
                #expect(topology.lineage(of: gpu, at: .gpu) == FleetTopology.Lineage(gpu: Int32(gpu), node: Int32(node), rack: Int32(rack), site: Int32(site)))
            }
        }
    }
}
