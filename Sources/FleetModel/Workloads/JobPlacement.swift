/// Where a gang-scheduled job's nodes go.
///
/// A job that fits in one NVLink domain (a rack for NVL72) gets one; a larger one spreads over
/// the racks of one site, fullest racks first to keep it compact, and over several sites only
/// when it may cross WAN links. One pass counts free healthy nodes per rack; nodes are gathered
/// only from the racks chosen.
enum JobPlacement {
    static func find(count: Int, gpusPerNode: Int, allowCrossSite: Bool, topology: FleetTopology,
                     isFree: (Int) -> Bool) -> [Int]? {
        guard count > 0 else { return [] }
        let racks = topology.rackCount
        var freeCount = [Int](repeating: 0, count: racks)
        for rack in 0..<racks {
            for node in topology.nodes(ofRack: rack) where isFree(node) { freeCount[rack] += 1 }
        }
        func gather(_ chosen: [Int]) -> [Int] {
            var nodes: [Int] = []
            nodes.reserveCapacity(count)
            for rack in chosen {
                for node in topology.nodes(ofRack: rack) where nodes.count < count && isFree(node) { nodes.append(node) }
            }
            return nodes
        }
        // One NVLink domain, when the job fits in one.
        let rackDomains = topology.configuration.rackTypes.map { $0.nvlinkDomain == .rack }
        let fitsInDomain = (0..<racks).contains { rackDomains[Int(topology.rackType[$0])] && Int(topology.rackNodeCount[$0]) >= count }
        if fitsInDomain {
            return (0..<racks).first { rackDomains[Int(topology.rackType[$0])] && freeCount[$0] >= count }.map { gather([$0]) }
        }
        func take(from candidates: Range<Int>) -> [Int]? {
            guard candidates.reduce(0, { $0 + freeCount[$1] }) >= count else { return nil }
            var chosen: [Int] = []
            var total = 0
            for rack in candidates.sorted(by: { (freeCount[$0], -$0) > (freeCount[$1], -$1) }) where total < count {
                chosen.append(rack)
                total += freeCount[rack]
            }
            return gather(chosen)
        }
        if allowCrossSite { return take(from: 0..<racks) }
        let sites = topology.siteRacks.indices.sorted {
            let a = topology.siteRacks[$0].reduce(0) { $0 + freeCount[$1] }
            let b = topology.siteRacks[$1].reduce(0) { $0 + freeCount[$1] }
            return (a, -$0) > (b, -$1)
        }
        for site in sites {
            if let nodes = take(from: topology.siteRacks[site]) { return nodes }
        }
        return nil
    }
}
