/// Usable GPUs under overlapping outages, maintained in O(1) per change.
///
/// Each GPU, node, rack and site has a count of the outages affecting it. A GPU is usable when
/// it and every entity above it have none. Rather than touching every GPU when a rack or site
/// goes down, each level keeps the usable GPUs it would contribute if it were up itself, and a
/// change propagates one number up the four levels.
struct CapacityLedger {
    private var gpuOutages: [UInt16]
    private var nodeOutages: [UInt16]
    private var rackOutages: [UInt16]
    private var siteOutages: [UInt16]
    /// GPUs of the node with no outage of their own.
    private var nodeUsableIfUp: [Int32]
    /// Sum of the rack's nodes' contributions.
    private var rackUsableIfUp: [Int32]
    /// Sum of the site's racks' contributions.
    private var siteUsableIfUp: [Int32]
    private(set) var totalUsable: Int
    /// Outages added and not yet removed, at every level: what the invariant check balances
    /// against the model's open incidents, cordons and upgrades.
    private(set) var outageCount = 0

    init(_ topology: FleetTopology) {
        gpuOutages = Array(repeating: 0, count: topology.gpuCount)
        nodeOutages = Array(repeating: 0, count: topology.nodeCount)
        rackOutages = Array(repeating: 0, count: topology.rackCount)
        siteOutages = Array(repeating: 0, count: topology.siteCount)
        nodeUsableIfUp = topology.nodeGPUCount
        rackUsableIfUp = Array(repeating: 0, count: topology.rackCount)
        siteUsableIfUp = Array(repeating: 0, count: topology.siteCount)
        for (node, rack) in topology.nodeRack.enumerated() { rackUsableIfUp[Int(rack)] += nodeUsableIfUp[node] }
        for (rack, site) in topology.rackSite.enumerated() { siteUsableIfUp[Int(site)] += rackUsableIfUp[rack] }
        totalUsable = topology.gpuCount
    }

    /// Usable GPUs at `site` now.
    func usable(site: Int) -> Int {
        siteOutages[site] == 0 ? Int(siteUsableIfUp[site]) : 0
    }

    /// Whether every GPU of `node` is usable (no outage on them, the node, its rack or its site).
    func isFullyUsable(node: Int, topology: FleetTopology) -> Bool {
        guard nodeOutages[node] == 0, nodeUsableIfUp[node] == topology.nodeGPUCount[node] else { return false }
        let rack = Int(topology.nodeRack[node])
        return rackOutages[rack] == 0 && siteOutages[Int(topology.rackSite[rack])] == 0
    }

    /// One more outage on `entity` at `level`; returns the change in usable GPUs (≤ 0).
    mutating func addOutage(at level: Level, entity: Int, topology: FleetTopology) -> Int {
        change(at: level, entity: entity, by: 1, topology: topology)
    }

    /// One outage fewer; returns the change in usable GPUs (≥ 0).
    mutating func removeOutage(at level: Level, entity: Int, topology: FleetTopology) -> Int {
        change(at: level, entity: entity, by: -1, topology: topology)
    }

    private mutating func change(at level: Level, entity: Int, by step: Int, topology: FleetTopology) -> Int {
        outageCount += step
        // The entity's own contribution changes only when its outage count crosses zero; the
        // difference then climbs the levels for as long as the level above is itself up.
        var delta: Int32
        var rack = -1
        switch level {
        case .gpu:
            guard Self.crossesZero(&gpuOutages, entity, by: step) else { return 0 }
            delta = gpuOutages[entity] == 0 ? 1 : -1
            let node = Int(topology.gpuNode[entity])
            nodeUsableIfUp[node] += delta
            guard nodeOutages[node] == 0 else { return 0 }
            rack = Int(topology.nodeRack[node])
            rackUsableIfUp[rack] += delta
        case .node:
            guard Self.crossesZero(&nodeOutages, entity, by: step) else { return 0 }
            delta = nodeOutages[entity] == 0 ? nodeUsableIfUp[entity] : -nodeUsableIfUp[entity]
            rack = Int(topology.nodeRack[entity])
            rackUsableIfUp[rack] += delta
        case .rack:
            guard Self.crossesZero(&rackOutages, entity, by: step) else { return 0 }
            delta = rackOutages[entity] == 0 ? rackUsableIfUp[entity] : -rackUsableIfUp[entity]
            rack = entity
            let site = Int(topology.rackSite[rack])
            siteUsableIfUp[site] += delta
            guard siteOutages[site] == 0 else { return 0 }
            totalUsable += Int(delta)
            return Int(delta)
        case .site:
            guard Self.crossesZero(&siteOutages, entity, by: step) else { return 0 }
            delta = siteOutages[entity] == 0 ? siteUsableIfUp[entity] : -siteUsableIfUp[entity]
            totalUsable += Int(delta)
            return Int(delta)
        }
        guard rackOutages[rack] == 0 else { return 0 }
        let site = Int(topology.rackSite[rack])
        siteUsableIfUp[site] += delta
        guard siteOutages[site] == 0 else { return 0 }
        totalUsable += Int(delta)
        return Int(delta)
    }

    /// Adds `step` to `counts[entity]`; true when the entity went from none to some outages or back.
    private static func crossesZero(_ counts: inout [UInt16], _ entity: Int, by step: Int) -> Bool {
        let before = counts[entity]
        precondition(step > 0 || before > 0, "capacity ledger: an outage removed from entity \(entity) which has none (removed twice?)")
        counts[entity] = UInt16(Int(before) + step)
        return (before == 0) != (counts[entity] == 0)
    }

    /// Outages on `entity` at `level` itself (not counting those above it).
    func outages(at level: Level, entity: Int) -> Int {
        switch level {
        case .gpu: Int(gpuOutages[entity])
        case .node: Int(nodeOutages[entity])
        case .rack: Int(rackOutages[entity])
        case .site: Int(siteOutages[entity])
        }
    }

    /// Usable GPUs counted from scratch, GPU by GPU: O(GPUs), for invariant checks only.
    func recountUsable(_ topology: FleetTopology) -> Int {
        var usable = 0
        for gpu in 0..<topology.gpuCount where gpuOutages[gpu] == 0 {
            let node = Int(topology.gpuNode[gpu]), rack = Int(topology.nodeRack[node])
            if nodeOutages[node] == 0 && rackOutages[rack] == 0 && siteOutages[Int(topology.rackSite[rack])] == 0 { usable += 1 }
        }
        return usable
    }
}
