import Stochastics

/// The fleet laid out as flat arrays: sites own contiguous racks, racks contiguous nodes, nodes
/// contiguous GPUs, and every component instance knows the entity that hosts it (computed where
/// the layout is regular, else looked up). Built once per run and shared read-only by all
/// replications; a million GPUs take a few tens of megabytes.
/// A class, so that passing it around the hot path is one reference, not a copy of every array.
public final class FleetTopology: Sendable {
    public let configuration: FleetConfiguration

    public let rackSite: [Int32]
    public let rackType: [Int32]
    public let rackFirstNode: [Int32]
    public let rackNodeCount: [Int32]
    public let nodeRack: [Int32]
    public let nodeFirstGPU: [Int32]
    public let nodeGPUCount: [Int32]
    public let gpuNode: [Int32]
    public let siteInstalledGPUs: [Int]
    /// Per site: its racks, which are contiguous.
    public let siteRacks: [Range<Int>]

    /// Per component class: the level it sits at, and how many instances it has.
    public let classLevel: [Level]
    public let instanceCount: [Int]
    /// Per component class and site: the site's instances, which are contiguous because sites
    /// are laid out one after another.
    public let siteInstances: [[Range<Int>]]
    /// Per component class: a draw of its failure mode by share.
    public let modeChoice: [WeightedChoice]
    /// Per job arrival process: a draw of a new job's size.
    public let arrivalSizeChoice: [WeightedChoice]
    /// Regular layouts, where they hold, so that the hot path computes what it would otherwise
    /// read from arrays of millions of entries (a cache miss each): per class, k when instance
    /// i sits on host i / k for every instance (0 otherwise); GPUs per node and nodes per rack
    /// when every node and every rack has the same number (0 otherwise).
    let instancesPerHost: [Int32]
    /// Per class whose layout is not regular: the hosting entity of each instance (empty for
    /// the regular ones, which would take 4 bytes per component for nothing: 120 MB at ten
    /// million GPUs).
    private let irregularHosts: [[Int32]]
    let uniformGPUsPerNode: Int32
    let uniformNodesPerRack: Int32

    public var siteCount: Int { configuration.sites.count }
    public var rackCount: Int { rackSite.count }
    public var nodeCount: Int { nodeRack.count }
    public var gpuCount: Int { gpuNode.count }
    public var componentCount: Int { instanceCount.reduce(0, +) }

    public init(_ configuration: FleetConfiguration) {
        self.configuration = configuration
        precondition(configuration.network.map { $0.sites.count == configuration.sites.count } ?? true,
                     "the network describes \(configuration.network?.sites.count ?? 0) sites; the fleet has \(configuration.sites.count)")
        var rackSite: [Int32] = [], rackType: [Int32] = [], rackFirstNode: [Int32] = [], rackNodeCount: [Int32] = []
        var nodeRack: [Int32] = [], nodeFirstGPU: [Int32] = [], nodeGPUCount: [Int32] = []
        var gpuNode: [Int32] = []
        var siteInstalledGPUs: [Int] = []
        var siteRacks: [Range<Int>] = []
        let classes = configuration.componentClasses
        var classLevel = Array(repeating: Level.site, count: classes.count)
        var hosts = Array(repeating: HostLayout(), count: classes.count)
        var siteInstances = Array(repeating: [Range<Int>](), count: classes.count)
        // Exact sizes first: an array grown by appending keeps up to twice its size as capacity,
        // about 100 MB at ten million GPUs.
        let sizes = Self.sizes(configuration)
        rackSite.reserveCapacity(sizes.racks)
        rackType.reserveCapacity(sizes.racks)
        rackFirstNode.reserveCapacity(sizes.racks)
        rackNodeCount.reserveCapacity(sizes.racks)
        nodeRack.reserveCapacity(sizes.nodes)
        nodeFirstGPU.reserveCapacity(sizes.nodes)
        nodeGPUCount.reserveCapacity(sizes.nodes)
        gpuNode.reserveCapacity(sizes.gpus)

        func place(_ placement: Placement, host: Int) {
            classLevel[placement.componentClass] = placement.level
            hosts[placement.componentClass].place(placement.count, onHost: host)
        }

        for (siteIndex, site) in configuration.sites.enumerated() {
            let gpusBefore = gpuNode.count
            let racksBefore = rackSite.count
            let instancesBefore = hosts.map(\.count)
            for placement in configuration.siteComponents { place(placement, host: siteIndex) }
            for racks in site.racks {
                let type = configuration.rackTypes[racks.rackType]
                for _ in 0..<racks.count {
                    let rack = rackSite.count
                    rackSite.append(Int32(siteIndex))
                    rackType.append(Int32(racks.rackType))
                    rackFirstNode.append(Int32(nodeRack.count))
                    rackNodeCount.append(Int32(type.nodes))
                    for placement in type.components where placement.level == .rack { place(placement, host: rack) }
                    for _ in 0..<type.nodes {
                        let node = nodeRack.count
                        nodeRack.append(Int32(rack))
                        nodeFirstGPU.append(Int32(gpuNode.count))
                        nodeGPUCount.append(Int32(type.gpusPerNode))
                        for placement in type.components where placement.level == .node { place(placement, host: node) }
                        for _ in 0..<type.gpusPerNode {
                            let gpu = gpuNode.count
                            gpuNode.append(Int32(node))
                            for placement in type.components where placement.level == .gpu { place(placement, host: gpu) }
                        }
                    }
                }
            }
            siteInstalledGPUs.append(gpuNode.count - gpusBefore)
            siteRacks.append(racksBefore..<rackSite.count)
            for classIndex in classes.indices {
                siteInstances[classIndex].append(instancesBefore[classIndex]..<hosts[classIndex].count)
            }
        }
        assert(rackSite.count == sizes.racks && nodeRack.count == sizes.nodes && gpuNode.count == sizes.gpus,
               "topology sizes miscounted")
        self.rackSite = rackSite
        self.rackType = rackType
        self.rackFirstNode = rackFirstNode
        self.rackNodeCount = rackNodeCount
        self.nodeRack = nodeRack
        self.nodeFirstGPU = nodeFirstGPU
        self.nodeGPUCount = nodeGPUCount
        self.gpuNode = gpuNode
        self.siteInstalledGPUs = siteInstalledGPUs
        self.siteRacks = siteRacks
        self.classLevel = classLevel
        instanceCount = hosts.map(\.count)
        self.siteInstances = siteInstances
        let layouts = hosts.map { $0.finished() }
        instancesPerHost = layouts.map(\.perHost)
        irregularHosts = layouts.map(\.hosts)
        uniformGPUsPerNode = Self.commonValue(nodeGPUCount)
        uniformNodesPerRack = Self.commonValue(rackNodeCount)
        modeChoice = classes.map { WeightedChoice(weights: $0.modes.map(\.share)) }
        arrivalSizeChoice = configuration.jobArrivals.map { WeightedChoice(weights: $0.gpuWeights) }
    }

    /// How many racks, nodes and GPUs `configuration` lays out.
    private static func sizes(_ configuration: FleetConfiguration) -> (racks: Int, nodes: Int, gpus: Int) {
        var racks = 0, nodes = 0, gpus = 0
        for site in configuration.sites {
            for count in site.racks {
                let type = configuration.rackTypes[count.rackType]
                racks += count.count
                nodes += count.count * type.nodes
                gpus += count.count * type.nodes * type.gpusPerNode
            }
        }
        return (racks, nodes, gpus)
    }

    /// The value every element has, or 0.
    private static func commonValue(_ values: [Int32]) -> Int32 {
        guard let first = values.first, first > 0, values.allSatisfy({ $0 == first }) else { return 0 }
        return first
    }

    /// The entity hosting instance `instance` of class `classIndex` (at the class's level).
    public func host(ofClass classIndex: Int, instance: Int) -> Int {
        let perHost = instancesPerHost[classIndex]
        return perHost > 0 ? instance / Int(perHost) : Int(irregularHosts[classIndex][instance])
    }

    /// The nodes of `rack`, which are contiguous.
    public func nodes(ofRack rack: Int) -> Range<Int> {
        let first = Int(rackFirstNode[rack])
        return first..<(first + Int(rackNodeCount[rack]))
    }

    /// The entity at `level` that contains `entity` (at `entityLevel`); `level` must not be
    /// below `entityLevel`.
    public func ancestor(of entity: Int, at entityLevel: Level, level: Level) -> Int {
        precondition(level.order >= entityLevel.order, "no \(level) contains a \(entityLevel)")
        return lineage(of: entity, at: entityLevel)[level]
    }

    /// `entity` (at `level`) and the entities containing it, from one walk up the levels: what
    /// a failure needs (its node, its outage's entity, its site) for one lookup per level.
    public func lineage(of entity: Int, at level: Level) -> Lineage {
        var lineage = Lineage()
        var entity = Int32(entity)
        if level == .gpu {
            lineage.gpu = entity
            entity = uniformGPUsPerNode > 0 ? entity / uniformGPUsPerNode : gpuNode[Int(entity)]
        }
        if level.order <= Level.node.order {
            lineage.node = entity
            entity = uniformNodesPerRack > 0 ? entity / uniformNodesPerRack : nodeRack[Int(entity)]
        }
        if level.order <= Level.rack.order {
            lineage.rack = entity
            entity = rackSite[Int(entity)]
        }
        lineage.site = entity
        return lineage
    }

    /// An entity and those containing it, one per level; −1 at levels below the entity's own.
    public struct Lineage: Hashable, Sendable {
        public var gpu: Int32 = -1
        public var node: Int32 = -1
        public var rack: Int32 = -1
        public var site: Int32 = -1

        public subscript(level: Level) -> Int {
            switch level {
            case .gpu: Int(gpu)
            case .node: Int(node)
            case .rack: Int(rack)
            case .site: Int(site)
            }
        }
    }
}

extension Level {
    /// Smallest to largest: gpu 0, node 1, rack 2, site 3 (a switch: `allCases` would build an
    /// array on every failure).
    public var order: Int {
        switch self {
        case .gpu: 0
        case .node: 1
        case .rack: 2
        case .site: 3
        }
    }
}

extension FleetTopology {
    /// The instances of a node- or GPU-level class on `node` (contiguous, since instances are
    /// laid out in host order).
    public func instances(ofClass classIndex: Int, onNode node: Int) -> Range<Int> {
        let first = Int32(classLevel[classIndex] == .gpu ? Int(nodeFirstGPU[node]) : node)
        let end = first + (classLevel[classIndex] == .gpu ? nodeGPUCount[node] : 1)
        let perHost = Int(instancesPerHost[classIndex])
        if perHost > 0 { return Swift.min(Int(first) * perHost, instanceCount[classIndex])..<Swift.min(Int(end) * perHost, instanceCount[classIndex]) }
        let hosts = irregularHosts[classIndex]
        func firstIndex(notBelow host: Int32) -> Int {
            var low = 0, high = hosts.count
            while low < high {
                let middle = (low + high) / 2
                if hosts[middle] < host { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return firstIndex(notBelow: first)..<firstIndex(notBelow: end)
    }
}
