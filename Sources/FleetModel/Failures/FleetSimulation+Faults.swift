import SimulationCore
import Stochastics

// Components fail: by their own clocks, by an incident trace, by common-cause strikes and by
// degradations coming true. A failure opens an incident and takes out what its blast radius
// covers; detection and repair are the repair pipeline's business.
extension FleetSimulation {
    mutating func handle(_ event: FailureEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .failure(let component, let eventGeneration):
            guard failures.generation(of: component) == eventGeneration else { return }
            fail(component, calendar: &calendar)
        case .pooledFailure(let componentClass):
            let classIndex = Int(componentClass)
            guard let instance = failures.pooledClocks[classIndex]?.randomUpInstance(using: streams.failure[classIndex]) else { return }
            fail(ComponentID(componentClass: classIndex, instance: instance), calendar: &calendar)
        case .traceFailure(let index):
            replay(Int(index), calendar: &calendar)
        case .correlatedStrike(let eventIndex, let site):
            strike(eventIndex: Int(eventIndex), site: site, calendar: &calendar)
        case .degradedFailure(let component, let eventGeneration, let mode):
            degradedComponentFails(component, mode: Int(mode), generation: eventGeneration, calendar: &calendar)
        }
    }

    /// Starts every clock: the components' own (or their pooled classes'), the trace, the
    /// common-cause events.
    mutating func startFailureProcesses(calendar: inout EventCalendar<Event>) {
        for (classIndex, count) in topology.instanceCount.enumerated() where !failures.isTraced(classIndex: classIndex) {
            if failures.pooledClocks[classIndex] != nil {
                reschedulePooledFailure(classIndex: classIndex, calendar: &calendar)
            } else {
                for instance in 0..<count {
                    startFailureClock(ComponentID(componentClass: classIndex, instance: instance), calendar: &calendar)
                }
            }
        }
        if let first = configuration.trace?.failures.first { calendar.schedule(.failures(.traceFailure(index: 0)), at: first.time) }
        for (eventIndex, event) in configuration.correlatedEvents.enumerated() {
            for (siteIndex, site) in configuration.sites.enumerated()
            where event.siteKinds.isEmpty || event.siteKinds.contains(site.kind) {
                calendar.schedule(.failures(.correlatedStrike(event: Int32(eventIndex), site: SiteID(siteIndex))),
                                  at: streams.correlated.exponential(mean: event.meanTimeBetween))
            }
        }
    }

    /// Fails a component now, in `forcedMode` (else one drawn by share); a trace may also fix the
    /// repair time.
    mutating func fail(_ component: ComponentID, forcedMode: Int? = nil, repairTime: Double? = nil,
                       calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        let classIndex = component.classIndex
        let level = topology.classLevel[classIndex]
        let host = topology.host(ofClass: classIndex, instance: component.instanceIndex)
        let lineage = topology.lineage(of: host, at: level)
        // Hinted before the mode draw, so that the loads have that long to arrive.
        prefetchFailureState(of: component, lineage: lineage)
        let modeIndex = forcedMode ?? topology.modeChoice[classIndex].draw(using: streams.mode)
        // The mode is read in place, not copied: copies were 7% of a million-GPU run.
        if forcedMode == nil, management != nil,
           let precursor = configuration[failureMode: modeIndex, ofClass: classIndex].precursor,
           streams.management.bernoulli(precursor.probability) {
            degrade(component, mode: modeIndex, precursor: precursor, calendar: &calendar)
            return
        }
        let site = SiteID(rawValue: lineage.site)

        var incident = Incident(component: component, mode: modeIndex, site: site, failedAt: now, repairTime: repairTime ?? .nan)
        let blastRadius = configuration[failureMode: modeIndex, ofClass: classIndex].blastRadius
        switch blastRadius {
        case .none: break
        case .isolateSite:
            incident.isolatesSite = true
        case .gpu, .node, .rack, .site, .nvlinkDomain:
            var outageLevel = Level(blastRadius) ?? nvlinkDomainLevel(lineage)
            if outageLevel.order < level.order { outageLevel = level }
            incident.outageLevel = outageLevel
            incident.outageEntity = Int32(lineage[outageLevel])
        }
        incident.node = node(of: lineage, level: level)
        let id = incidents.open(incident)
        takeOutOfService(component, calendar: &calendar)
        if let outageLevel = incident.outageLevel {
            let change = ledger.addOutage(at: outageLevel, entity: Int(incident.outageEntity), topology: topology)
            statistics.capacityChanged(by: change, site: site.index, at: now, ledger: ledger)
            if interruptJobs(outageLevel: outageLevel, entity: Int(incident.outageEntity), cause: classIndex, calendar: &calendar) {
                incidents[id].impactedUsers = true
            }
        }
        if incident.isolatesSite { isolate(site, calendar: &calendar) }
        if configuration.network != nil { linkComponentChanged(incident, down: true, calendar: &calendar) }
        statistics.recordFailure(componentClass: classIndex, mode: modeIndex, site: site.index, at: now)
        if !upgrades.isEmpty, let node = incident.node { noteFailureForUpgradeGates(node: node) }
        calendar.schedule(.repair(.detected(id)),
                          after: configuration[failureMode: modeIndex, ofClass: classIndex].detection.sample(using: streams.detection))
    }

    /// Starts loading, all at once, the records a failure of `component` (hosted within
    /// `lineage`) changes in separate arrays of millions of entries (its own, the one its removal
    /// moves in the up list, its GPU's, node's and rack's capacity counters), so that their cache
    /// misses overlap: in a large fleet each was a stall of its own.
    func prefetchFailureState(of component: ComponentID, lineage: FleetTopology.Lineage) {
        failures.prefetchForTakingOutOfService(component)
        ledger.prefetch(lineage)
    }

    /// The node an incident on a host (at `level`, with `lineage`) is filed against: its own
    /// node, a rack's first node for rack-level parts, none for site-level ones.
    func node(of lineage: FleetTopology.Lineage, level: Level) -> NodeID? {
        switch level {
        case .site: nil
        case .rack: NodeID(rawValue: topology.rackFirstNode[Int(lineage.rack)])
        case .gpu, .node: NodeID(rawValue: lineage.node)
        }
    }

    /// The level of the NVLink domain of the rack in `lineage` (site for a site-level host).
    func nvlinkDomainLevel(_ lineage: FleetTopology.Lineage) -> Level {
        lineage.rack < 0 ? .site : configuration.rackTypes[Int(topology.rackType[Int(lineage.rack)])].nvlinkDomain
    }

    /// Replays trace failure `index` (skipped, and counted, if the component is still down from
    /// an earlier one) and schedules the next.
    mutating func replay(_ index: Int, calendar: inout EventCalendar<Event>) {
        guard let failures = configuration.trace?.failures else { return }
        let failure = failures[index]
        let component = ComponentID(componentClass: failure.componentClass, instance: failure.instance)
        if self.failures.isFailed(component) {
            statistics.traceFailuresWhileDown += 1
        } else {
            fail(component, forcedMode: failure.mode, repairTime: failure.repairTime, calendar: &calendar)
        }
        if index + 1 < failures.count {
            calendar.schedule(.failures(.traceFailure(index: Int32(index + 1))), at: failures[index + 1].time)
        }
    }

    mutating func strike(eventIndex: Int, site: SiteID, calendar: inout EventCalendar<Event>) {
        let event = configuration.correlatedEvents[eventIndex]
        let classIndex = event.componentClass
        for instance in topology.siteInstances[classIndex][site.index]
        where !failures.isFailed(classIndex: classIndex, instance: instance) && streams.correlated.bernoulli(event.probability) {
            statistics.correlatedFailures += 1
            fail(ComponentID(componentClass: classIndex, instance: instance), calendar: &calendar)
        }
        calendar.schedule(.failures(.correlatedStrike(event: Int32(eventIndex), site: site)),
                          after: streams.correlated.exponential(mean: event.meanTimeBetween))
    }
}

extension Level {
    /// The level a blast radius takes out, where it is fixed (`nil` for the NVLink domain,
    /// which depends on the rack type).
    public init?(_ radius: BlastRadius) {
        switch radius {
        case .gpu: self = .gpu
        case .node: self = .node
        case .rack: self = .rack
        case .site: self = .site
        case .none, .nvlinkDomain, .isolateSite: return nil
        }
    }
}
