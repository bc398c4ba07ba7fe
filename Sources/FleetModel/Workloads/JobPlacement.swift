/// Where a gang-scheduled job's nodes go.
///
/// A job that fits in one NVLink domain (a rack for NVL72) gets one; a larger one spreads over
/// the racks of one site, fullest racks first to keep it compact, and over several sites only
/// when it may cross WAN links.
enum JobPlacement {
    static func find(count: Int, gpusPerNode: Int, allowCrossSite: Bool, topology: FleetTopology,
                     isFree: (Int) -> Bool) -> [Int]? {
        guard count > 0 else { return [] }
        let free: [[Int]] = (0..<topology.rackCount).map { rack in topology.nodes(ofRack: rack).filter(isFree) }
        // One NVLink domain, when the job fits in one.
        let domainRacks = (0..<topology.rackCount).filter {
            let type = topology.configuration.rackTypes[Int(topology.rackType[$0])]
            return type.nvlinkDomain == .rack && type.nodes >= count
        }
        if !domainRacks.isEmpty {
            return domainRacks.first { free[$0].count >= count }.map { Array(free[$0].prefix(count)) }
        }
        func take(from racks: [Int]) -> [Int]? {
            let available = racks.reduce(0) { $0 + free[$1].count }
            guard available >= count else { return nil }
            var chosen: [Int] = []
            for rack in racks.sorted(by: { (free[$0].count, -$0) > (free[$1].count, -$1) }) where chosen.count < count {
                chosen += free[rack].prefix(count - chosen.count)
            }
            return chosen
        }
        if allowCrossSite { return take(from: Array(0..<topology.rackCount)) }
        let sites = topology.siteRacks.indices.sorted {
            let a = topology.siteRacks[$0].reduce(0) { $0 + free[$1].count }
            let b = topology.siteRacks[$1].reduce(0) { $0 + free[$1].count }
            return (a, -$0) > (b, -$1)
        }
        for site in sites {
            if let nodes = take(from: Array(topology.siteRacks[site])) { return nodes }
        }
        return nil
    }
}
