@testable import FleetModel
import Testing

@Suite struct FleetTopologyTests {
    @Test func countsAndContiguousSiteRangesAgreeWithTheHierarchy() {
        let topology = FleetTopology(FleetFixtures.smallFleet(racks: 3))
        #expect(topology.siteCount == 2 && topology.rackCount == 6 && topology.nodeCount == 12 && topology.gpuCount == 48)
        #expect(topology.siteInstalledGPUs == [24, 24])
        #expect(topology.instanceCount == [48, 6, 2])
        #expect(topology.classLevel == [.gpu, .rack, .site])
        for (classIndex, ranges) in topology.siteInstances.enumerated() {
            #expect(ranges.map(\.count).reduce(0, +) == topology.instanceCount[classIndex])
            for (site, range) in ranges.enumerated() {
                for instance in range {
                    let host = topology.host(ofClass: classIndex, instance: instance)
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

    /// Hosts and lineages computed from a regular layout equal those laid out, and an irregular
    /// one (a second rack type with other node and GPU counts, and a class on one rack type
    /// only) keeps and reads its table.
    @Test func regularLayoutsAreComputedAndIrregularOnesLookedUp() {
        let uniform = FleetTopology(FleetFixtures.smallFleet(racks: 3))
        let mixed = FleetTopology(FleetFixtures.irregularFleet())
        #expect(uniform.instancesPerHost == [1, 1, 1] && uniform.uniformGPUsPerNode == 4 && uniform.uniformNodesPerRack == 2)
        #expect(mixed.instancesPerHost == [0, 0, 1] && mixed.uniformGPUsPerNode == 0 && mixed.uniformNodesPerRack == 0)
        // Laid out by hand: GPUs of the two 2×4 racks one each, of the two 3×8 racks two each,
        // then the other site's two 2×4 racks; a PDU on racks 0, 1, 4, 5; a WAN link per site.
        let mixedHosts = [Array(0..<16), (16..<64).flatMap { [$0, $0] }, Array(64..<80)].flatMap { $0 }
        #expect((0..<mixed.instanceCount[0]).map { mixed.host(ofClass: 0, instance: $0) } == mixedHosts)
        #expect((0..<mixed.instanceCount[1]).map { mixed.host(ofClass: 1, instance: $0) } == [0, 1, 4, 5])
        #expect((0..<uniform.instanceCount[0]).map { uniform.host(ofClass: 0, instance: $0) } == Array(0..<48))
        #expect((0..<uniform.instanceCount[1]).map { uniform.host(ofClass: 1, instance: $0) } == Array(0..<6))
        for topology in [uniform, mixed] {
            #expect((0..<topology.instanceCount[2]).map { topology.host(ofClass: 2, instance: $0) } == [0, 1])
            for node in 0..<topology.nodeCount {
                let gpus = Int(topology.nodeFirstGPU[node])..<Int(topology.nodeFirstGPU[node] + topology.nodeGPUCount[node])
                let onNode = topology.instances(ofClass: 0, onNode: node)
                #expect(Set(onNode.map { topology.host(ofClass: 0, instance: $0) }) == Set(gpus))
                #expect((0..<topology.instanceCount[0]).filter { gpus.contains(topology.host(ofClass: 0, instance: $0)) } == Array(onNode))
            }
            for gpu in 0..<topology.gpuCount {
                let node = Int(topology.gpuNode[gpu]), rack = Int(topology.nodeRack[node]), site = Int(topology.rackSite[rack])
                #expect(topology.lineage(of: gpu, at: .gpu) == FleetTopology.Lineage(gpu: Int32(gpu), node: Int32(node), rack: Int32(rack), site: Int32(site)))
            }
        }
    }
}
