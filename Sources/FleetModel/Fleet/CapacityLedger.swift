/// Usable GPUs under overlapping outages, maintained in O(1) per change.
///
/// Each GPU, node, rack and site has a count of the outages affecting it. A GPU is usable when
/// it and every entity above it have none. Rather than touching every GPU when a rack or site
/// goes down, each level keeps the usable GPUs it would contribute if it were up itself, and a
/// change propagates one number up the four levels.
struct CapacityLedger {
    /// A node, rack or site: its outages and the usable GPUs it would contribute if it were up,
    /// side by side, since every change reads both (one cache miss per level, not two).
    struct Entity {
        var outages: UInt16 = 0
        var usableIfUp: Int32
    }

    private var gpuOutages: [UInt16]
    /// `usableIfUp`: GPUs of the node with no outage of their own.
    private var nodes: [Entity]
    /// `usableIfUp`: the sum of the rack's nodes' contributions.
    private var racks: [Entity]
    /// `usableIfUp`: the sum of the site's racks' contributions.
    private var sites: [Entity]
    private(set) var totalUsable: Int
    /// Outages added and not yet removed, at every level: what the invariant check balances
    /// against the model's open incidents, cordons and upgrades.
    private(set) var outageCount = 0

    init(_ topology: FleetTopology) {
        gpuOutages = Array(repeating: 0, count: topology.gpuCount)
        nodes = topology.nodeGPUCount.map { Entity(usableIfUp: $0) }
        racks = Array(repeating: Entity(usableIfUp: 0), count: topology.rackCount)
        sites = Array(repeating: Entity(usableIfUp: 0), count: topology.siteCount)
        for (node, rack) in topology.nodeRack.enumerated() { racks[Int(rack)].usableIfUp += nodes[node].usableIfUp }
        for (rack, site) in topology.rackSite.enumerated() { sites[Int(site)].usableIfUp += racks[rack].usableIfUp }
        totalUsable = topology.gpuCount
    }

    /// Usable GPUs at `site` now.
    func usable(site: Int) -> Int {
        sites[site].outages == 0 ? Int(sites[site].usableIfUp) : 0
    }

    /// Whether every GPU of `node` is usable (no outage on them, the node, its rack or its site).
    func isFullyUsable(node: Int, topology: FleetTopology) -> Bool {
        guard nodes[node].outages == 0, nodes[node].usableIfUp == topology.nodeGPUCount[node] else { return false }
        let rack = Int(topology.nodeRack[node])
        return racks[rack].outages == 0 && sites[Int(topology.rackSite[rack])].outages == 0
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
        // difference then climbs the levels for as long as the level above is itself up. The
        // levels above come from `lineage`, computed where the layout is regular: reading the
        // topology's arrays instead cost a cache miss per change in a large fleet.
        let lineage = topology.lineage(of: entity, at: level)
        let delta: Int32
        switch level {
        case .gpu:
            guard Self.crossesZero(&gpuOutages[entity], entity, by: step) else { return 0 }
            delta = gpuOutages[entity] == 0 ? 1 : -1
        case .node:
            guard Self.crossesZero(&nodes[entity].outages, entity, by: step) else { return 0 }
            delta = nodes[entity].outages == 0 ? nodes[entity].usableIfUp : -nodes[entity].usableIfUp
        case .rack:
            guard Self.crossesZero(&racks[entity].outages, entity, by: step) else { return 0 }
            delta = racks[entity].outages == 0 ? racks[entity].usableIfUp : -racks[entity].usableIfUp
        case .site:
            guard Self.crossesZero(&sites[entity].outages, entity, by: step) else { return 0 }
            delta = sites[entity].outages == 0 ? sites[entity].usableIfUp : -sites[entity].usableIfUp
        }
        if level.order < Level.node.order, !Self.pass(delta, into: &nodes[Int(lineage.node)]) { return 0 }
        if level.order < Level.rack.order, !Self.pass(delta, into: &racks[Int(lineage.rack)]) { return 0 }
        if level.order < Level.site.order, !Self.pass(delta, into: &sites[Int(lineage.site)]) { return 0 }
        totalUsable += Int(delta)
        return Int(delta)
    }

    /// Adds a change from below to `parent`'s contribution; true when it is up, so that the
    /// change climbs on.
    private static func pass(_ delta: Int32, into parent: inout Entity) -> Bool {
        parent.usableIfUp += delta
        return parent.outages == 0
    }

    /// Starts loading the counters an outage within `lineage` changes (see `Array.prefetch`).
    func prefetch(_ lineage: FleetTopology.Lineage) {
        gpuOutages.prefetch(Int(lineage.gpu))
        nodes.prefetch(Int(lineage.node))
        racks.prefetch(Int(lineage.rack))
    }

    /// Adds `step` to an entity's outage count; true when it went from none to some or back.
    private static func crossesZero(_ count: inout UInt16, _ entity: Int, by step: Int) -> Bool {
        let before = count
        precondition(step > 0 || before > 0, "capacity ledger: an outage removed from entity \(entity) which has none (removed twice?)")
        count = UInt16(Int(before) + step)
        return (before == 0) != (count == 0)
    }

    /// Outages on `entity` at `level` itself (not counting those above it).
    func outages(at level: Level, entity: Int) -> Int {
        switch level {
        case .gpu: Int(gpuOutages[entity])
        case .node: Int(nodes[entity].outages)
        case .rack: Int(racks[entity].outages)
        case .site: Int(sites[entity].outages)
        }
    }

    /// Usable GPUs counted from scratch, GPU by GPU: O(GPUs), for invariant checks only.
    func recountUsable(_ topology: FleetTopology) -> Int {
        var usable = 0
        for gpu in 0..<topology.gpuCount where gpuOutages[gpu] == 0 {
            let node = Int(topology.gpuNode[gpu]), rack = Int(topology.nodeRack[node])
            if nodes[node].outages == 0 && racks[rack].outages == 0 && sites[Int(topology.rackSite[rack])].outages == 0 { usable += 1 }
        }
        return usable
    }
}
