import SimulationCore

/// The state of every component's failure process: up or failed, the generation that voids a
/// stale clock, and the pooled clocks of exponential classes.
struct FailureProcesses {
    /// Per class and instance: bumped whenever the component's failure clock restarts.
    private(set) var generation: [[UInt16]]
    private var failed: [[Bool]]
    /// Per class: one clock for all its components when their failures are exponential.
    var pooledClocks: [PooledFailureClock?]
    /// Classes whose failures come from the incident trace, not from clocks.
    let tracedClasses: Set<Int>

    init(topology: FleetTopology) {
        let configuration = topology.configuration
        generation = topology.instanceHost.map { Array(repeating: 0, count: $0.count) }
        failed = topology.instanceHost.map { Array(repeating: false, count: $0.count) }
        let traced = configuration.trace?.tracedClasses ?? []
        tracedClasses = Set(traced)
        pooledClocks = configuration.componentClasses.enumerated().map { classIndex, componentClass in
            guard case .exponential(let mean) = componentClass.timeToFailure, !traced.contains(classIndex) else { return nil }
            return PooledFailureClock(instances: topology.instanceHost[classIndex].count, meanTimeToFailure: mean)
        }
    }

    func isFailed(_ component: ComponentID) -> Bool { failed[component.classIndex][component.instanceIndex] }
    func isFailed(classIndex: Int, instance: Int) -> Bool { failed[classIndex][instance] }

    func generation(of component: ComponentID) -> UInt16 { generation[component.classIndex][component.instanceIndex] }

    /// The component is failed (or degraded): its pending clock is void. Returns whether its
    /// class's pooled clock must be redrawn.
    mutating func takeOutOfService(_ component: ComponentID) -> Bool {
        let (classIndex, instance) = (component.classIndex, component.instanceIndex)
        failed[classIndex][instance] = true
        generation[classIndex][instance] &+= 1
        guard pooledClocks[classIndex] != nil else { return false }
        pooledClocks[classIndex]?.markDown(instance)
        return true
    }

    /// The component works again (its failure clock restarts separately).
    mutating func markRepaired(_ component: ComponentID) {
        failed[component.classIndex][component.instanceIndex] = false
    }

    /// Voids the component's pending clock; returns the new generation.
    mutating func bumpGeneration(_ component: ComponentID) -> UInt16 {
        generation[component.classIndex][component.instanceIndex] &+= 1
        return generation[component.classIndex][component.instanceIndex]
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
