import SimulationCore

/// The state of every component's failure process: up or failed, the generation that voids a
/// stale clock, and the pooled clocks of exponential classes.
struct FailureProcesses {
    /// What failures and repairs read and write about one component, in one 8-byte record: a
    /// failure of a random GPU out of millions then costs one cache miss here, not one per field.
    struct Instance {
        /// Bumped whenever the component's failure clock restarts.
        var generation: UInt16 = 0
        var failed = false
        /// Its index in its pooled class's up list; −1 when down or not pooled.
        var upPosition: Int32 = -1
    }

    /// Per instance of every class, classes one after another (one flat array: one bounds and
    /// uniqueness check per access, not one per nesting level).
    private var instances: [Instance]
    /// Where each class's instances start in `instances`.
    private let firstSlot: [Int]
    /// Per class: one clock for all its components when their failures are exponential.
    var pooledClocks: [PooledFailureClock?]
    /// Per class: whether its failures come from the incident trace, not from clocks.
    private let traced: [Bool]
    /// Components with a failure clock of their own (neither pooled nor traced): each keeps
    /// one event pending.
    let ownClockCount: Int

    init(topology: FleetTopology) {
        let configuration = topology.configuration
        let tracedClasses = configuration.trace?.tracedClasses ?? []
        traced = configuration.componentClasses.indices.map { tracedClasses.contains($0) }
        pooledClocks = configuration.componentClasses.enumerated().map { classIndex, componentClass in
            guard case .exponential(let mean) = componentClass.timeToFailure, !tracedClasses.contains(classIndex) else { return nil }
            return PooledFailureClock(instances: topology.instanceCount[classIndex], meanTimeToFailure: mean,
                                      timer: TimerID(classIndex))
        }
        var firstSlot: [Int] = []
        var instances: [Instance] = []
        instances.reserveCapacity(topology.componentCount)
        for (classIndex, count) in topology.instanceCount.enumerated() {
            firstSlot.append(instances.count)
            let pooled = pooledClocks[classIndex] != nil
            for instance in 0..<count { instances.append(Instance(upPosition: pooled ? Int32(instance) : -1)) }
        }
        self.firstSlot = firstSlot
        self.instances = instances
        let clocked = zip(traced, pooledClocks).map { traced, pooled in !traced && pooled == nil }
        ownClockCount = zip(topology.instanceCount, clocked).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
    }

    private func slot(_ component: ComponentID) -> Int { slot(classIndex: component.classIndex, instance: component.instanceIndex) }
    private func slot(classIndex: Int, instance: Int) -> Int { firstSlot[classIndex] + instance }

    func isTraced(classIndex: Int) -> Bool { traced[classIndex] }

    func isFailed(_ component: ComponentID) -> Bool { instances[slot(component)].failed }
    func isFailed(classIndex: Int, instance: Int) -> Bool { instances[slot(classIndex: classIndex, instance: instance)].failed }

    func generation(of component: ComponentID) -> UInt16 { instances[slot(component)].generation }

    /// The component is failed (or degraded): its pending clock is void. Returns whether its
    /// class's pooled clock must be redrawn.
    mutating func takeOutOfService(_ component: ComponentID) -> Bool {
        let slot = slot(component)
        instances[slot].failed = true
        instances[slot].generation &+= 1
        let classIndex = component.classIndex
        guard pooledClocks[classIndex] != nil else { return false }
        let position = Int(instances[slot].upPosition)
        if position >= 0 {
            instances[slot].upPosition = -1
            if let moved = pooledClocks[classIndex]!.remove(at: position) {
                instances[self.slot(classIndex: classIndex, instance: moved)].upPosition = Int32(position)
            }
        }
        return true
    }

    /// Starts loading what `takeOutOfService(component)` will touch: its record and, for a
    /// pooled class, that of the instance its removal moves in the up list.
    func prefetchForTakingOutOfService(_ component: ComponentID) {
        instances.prefetch(slot(component))
        if let moved = pooledClocks[component.classIndex]?.lastUp {
            instances.prefetch(slot(classIndex: component.classIndex, instance: moved))
        }
    }

    /// Starts loading what `markRepaired(component)` and `restartClock(component)` touch.
    func prefetchForRepair(_ component: ComponentID) {
        instances.prefetch(slot(component))
    }

    /// The component works again (its failure clock restarts separately).
    mutating func markRepaired(_ component: ComponentID) {
        instances[slot(component)].failed = false
    }

    /// Voids the component's pending clock, and counts it up in its pooled class's clock if it
    /// has one; returns the new generation.
    mutating func restartClock(_ component: ComponentID) -> UInt16 {
        let slot = slot(component)
        instances[slot].generation &+= 1
        if instances[slot].upPosition < 0, pooledClocks[component.classIndex] != nil {
            instances[slot].upPosition = Int32(pooledClocks[component.classIndex]!.append(component.instanceIndex))
        }
        return instances[slot].generation
    }
}

/// The failure processes' events.
public enum FailureEvent: Sendable {
    /// `generation` must match the component's, or the event is stale (the component was failed
    /// by a correlated strike meanwhile, and a new clock runs since its repair).
    case failure(ComponentID, generation: UInt16)
    /// The next failure of a pooled class (see `PooledFailureClock`).
    case pooledFailure(componentClass: Int16)
    /// The next failure of the incident trace, by index.
    case traceFailure(index: Int32)
    case correlatedStrike(event: Int32, site: SiteID)
    /// A degraded component (its precursor raised) fails, unless repaired meanwhile.
    case degradedFailure(ComponentID, generation: UInt16, mode: Int16)
}
