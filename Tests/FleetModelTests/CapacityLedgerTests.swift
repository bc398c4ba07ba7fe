@testable import FleetModel
import Stochastics
import Testing

/// The ledger's O(1) bookkeeping against brute force: after every change in a random sequence
/// of overlapping outages at all four levels, usable GPUs per site and in total equal a direct
/// count over every GPU; in a regular layout (levels above computed) and an irregular one
/// (looked up).
@Suite struct CapacityLedgerTests {
    @Test(arguments: [FleetFixtures.smallFleet(racks: 3), FleetFixtures.irregularFleet()])
    func ledgerMatchesBruteForceUnderRandomOverlappingOutages(fleet: FleetConfiguration) {
        let topology = FleetTopology(fleet)
        var ledger = CapacityLedger(topology)
        let stream = RandomStream(masterSeed: 4, name: "ledger")
        var active: [(Level, Int)] = []
        let sizes: [Level: Int] = [.gpu: topology.gpuCount, .node: topology.nodeCount, .rack: topology.rackCount, .site: topology.siteCount]

        func bruteForce() -> [Int] {
            var usable = Array(repeating: 0, count: topology.siteCount)
            for gpu in 0..<topology.gpuCount {
                let down = active.contains { level, entity in
                    entity == topology.ancestor(of: gpu, at: .gpu, level: level)
                }
                if !down { usable[topology.ancestor(of: gpu, at: .gpu, level: .site)] += 1 }
            }
            return usable
        }

        for _ in 0..<2000 {
            if !active.isEmpty && stream.bernoulli(0.5) {
                let (level, entity) = active.remove(at: stream.index(below: active.count))
                _ = ledger.removeOutage(at: level, entity: entity, topology: topology)
            } else {
                let level = Level.allCases[stream.index(below: 4)]
                let entity = stream.index(below: sizes[level]!)
                active.append((level, entity))
                _ = ledger.addOutage(at: level, entity: entity, topology: topology)
            }
            let expected = bruteForce()
            #expect((0..<topology.siteCount).map { ledger.usable(site: $0) } == expected)
            #expect(ledger.totalUsable == expected.reduce(0, +))
        }
    }
}
