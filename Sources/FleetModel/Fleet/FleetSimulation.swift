import DequeModule
import SimulationCore
import Stochastics

/// One replication of the fleet: components fail, faults take capacity out by their blast
/// radius, the management plane detects them, automation tries remediation steps, and what is
/// left goes to the site's technicians (and spare parts) until the component is repaired.
public struct FleetSimulation: SimulationModel {
    public enum Event {
        /// `generation` must match the component's, or the event is stale (the component was
        /// failed by a correlated strike meanwhile, and a new clock runs since its repair).
        case failure(componentClass: Int16, generation: UInt16, instance: Int32)
        /// The next failure of a pooled class (see `PooledFailureClock`).
        case pooledFailure(componentClass: Int16)
        case detected(incident: Int32)
        case diagnosed(incident: Int32)
        case remediationFinished(incident: Int32)
        case handsOnStarts(incident: Int32)
        case repaired(incident: Int32)
        case partsArrive(site: Int32, spare: Int32)
        case shiftStarts(site: Int32)
        case correlatedStrike(event: Int32, site: Int32)
        /// The next failure of the incident trace, by index.
        case traceFailure(index: Int32)
        /// A training job's event (stale unless `generation` matches the job's).
        case job(index: Int32, generation: UInt32, kind: TrainingJobEvent)
        /// The next job of an arrival process.
        case jobArrival(process: Int32)
        /// An inference service follows its demand.
        case serviceTick(service: Int32)
        /// A lost inference replica's replacement is due.
        case serviceReplacement(service: Int32)
        /// A management-plane action is done (or has run out of time).
        case actionCompleted(request: Int32, timedOut: Bool)
        /// A spurious alert is due somewhere in the fleet.
        case falseAlarm
        /// A fault whose alert was lost is found.
        case lateAlert(incident: Int32)
        /// A degraded component (its precursor raised) fails, unless repaired meanwhile.
        case degradedFailure(componentClass: Int16, generation: UInt16, instance: Int32, mode: Int16)
        /// An upgrade campaign may start node upgrades (its start, a window opening, a hold's end).
        case upgradeStep(campaign: Int16)
        /// A node's upgrade (or rollback) is done.
        case nodeUpgradeDone(campaign: Int16, node: Int32)
        /// A wave's soak is over: the health gate decides.
        case soakEnded(campaign: Int16)
        /// A bad version's extra failure (stale unless `clock` matches the campaign's).
        case upgradeInducedFailure(campaign: Int16, clock: UInt32)
        case sample
        case warmupEnded
    }

    /// An open fault, from failure to repair.
    struct Incident {
        var componentClass: Int32
        var instance: Int32
        var mode: Int32
        var site: Int32
        var outageLevel: Level?
        var outageEntity: Int32
        var isolatesSite: Bool
        var failedAt: SimTime
        var nextStep: Int32 = 0
        var waitingForPartSince: SimTime = 0
        var queuedForTechnicianAt: SimTime = 0
        var dispatchedAt: SimTime = -1
        /// Repair time fixed by an incident trace (NaN: draw from the class).
        var repairTime: Double = .nan
        /// The node the fault is on (a rack's first node for rack-level parts), or −1.
        var node: Int32 = -1
        /// With a management plane: the human action (ticket, part) waiting on this repair, or −1.
        var awaitingRequest: Int32 = -1
        /// When the fault stopped harming: its node cordoned, or the fault cleared.
        var mitigatedAt: SimTime = .nan
        /// Whether users felt it: a running job interrupted or a service left short of replicas.
        var impactedUsers = false
        /// A degradation announced by a precursor, not yet a failure.
        var isPrecursor = false
        /// Whether the slot holds a live incident (closed slots wait in `freeIncidents`).
        var isOpen = true
    }

    struct Crew {
        var busy = 0
        var queue = Deque<Int32>()
        var shiftEventPending = false
    }

    struct Stock {
        var onHand: Int
        var onOrder = false
        var waiting = Deque<Int32>()
    }

    let topology: FleetTopology
    /// Stored, not read through `topology`, so that the hot path does not copy it.
    let configuration: FleetConfiguration
    let streams: FleetStreams

    var ledger: CapacityLedger
    var incidents: [Incident] = []
    var freeIncidents: [Int32] = []
    var crews: [Crew]
    var stocks: [[Stock]]
    /// Part name → index into the site's spare policies, per site.
    let spareIndex: [[String: Int]]
    /// Per class and instance: bumped whenever the component's failure clock restarts.
    var generation: [[UInt16]]
    var isFailed: [[Bool]]
    /// Per class: one clock for all its components when their failures are exponential.
    var pooledClocks: [PooledFailureClock?]
    var siteIsolation: [Int]
    var hiddenIncidents: [[Int32]]

    var statistics: FleetStatistics
    /// Training jobs: those of the scenario, then those that arrived.
    var jobSpecs: [TrainingJobSpec]
    var jobs: [TrainingJobState]
    /// Indices of the jobs holding nodes, ascending.
    var holdingJobs: [Int32] = []
    /// Indices of the waiting jobs in the scheduler's order (see `updateWaitingJobs`).
    var waitingJobs: [Int32] = []
    var services: [InferenceServiceState]
    var management: ManagementState?
    /// Who holds each node: a job (its index, ≥ 0), nobody (`freeNode`), or inference service s
    /// (`serviceOwner(s)`, ≤ −2).
    var nodeOwner: [Int32]
    var upgrades: [UpgradeCampaignState]

    public init(topology: FleetTopology, masterSeed: UInt64, replication: Int) {
        self.topology = topology
        let configuration = topology.configuration
        self.configuration = configuration
        streams = FleetStreams(configuration: configuration, masterSeed: masterSeed, replication: replication)
        ledger = CapacityLedger(topology)
        crews = Array(repeating: Crew(), count: topology.siteCount)
        stocks = configuration.sites.map { $0.spares.map { Stock(onHand: $0.initialStock) } }
        spareIndex = configuration.sites.map { site in
            Dictionary(uniqueKeysWithValues: site.spares.enumerated().map { ($1.part, $0) })
        }
        generation = topology.instanceHost.map { Array(repeating: 0, count: $0.count) }
        isFailed = topology.instanceHost.map { Array(repeating: false, count: $0.count) }
        let traced = configuration.trace?.tracedClasses ?? []
        pooledClocks = configuration.componentClasses.enumerated().map { classIndex, componentClass in
            guard case .exponential(let mean) = componentClass.timeToFailure, !traced.contains(classIndex) else { return nil }
            return PooledFailureClock(instances: topology.instanceHost[classIndex].count, meanTimeToFailure: mean)
        }
        siteIsolation = Array(repeating: 0, count: topology.siteCount)
        hiddenIncidents = Array(repeating: [], count: topology.siteCount)
        statistics = FleetStatistics(topology: topology)
        jobSpecs = configuration.trainingJobs
        services = Array(repeating: InferenceServiceState(), count: configuration.inferenceServices.count)
        management = configuration.management.map { ManagementState($0) }
        jobs = Array(repeating: TrainingJobState(causes: configuration.componentClasses.count + Self.extraCauses.count),
                     count: configuration.trainingJobs.count)
        nodeOwner = Array(repeating: Self.freeNode, count: configuration.hasWorkloads ? topology.nodeCount : 0)
        upgrades = Self.upgradeStates(topology: topology, stream: streams.upgrades)
    }

    /// Simulates one replication and returns its metrics (in the order of `metrics(for:)`) and
    /// tables; with `recordEvents`, also every event fired.
    public static func replicate(_ topology: FleetTopology, masterSeed: UInt64, replication: Int,
                                 recordEvents: Bool = false) -> ReplicationResult {
        var model = FleetSimulation(topology: topology, masterSeed: masterSeed, replication: replication)
        var calendar = EventCalendar<Event>(reservingCapacity: topology.componentCount + 64)
        model.start(calendar: &calendar)
        var log: [String]? = recordEvents ? [] : nil
        calendar.run(&model, until: topology.configuration.horizon, recordingInto: &log)
        model.closeServiceAccounts(at: calendar.now)
        var result = model.result(replication: replication, calendar: calendar)
        result.eventLog = log
        return result
    }

    mutating func start(calendar: inout EventCalendar<Event>) {
        let traced = configuration.trace?.tracedClasses ?? []
        for (classIndex, hosts) in topology.instanceHost.enumerated() where !traced.contains(classIndex) {
            if pooledClocks[classIndex] != nil {
                reschedulePooledFailure(classIndex: classIndex, calendar: &calendar)
            } else {
                for instance in hosts.indices { startFailureClock(classIndex: classIndex, instance: instance, calendar: &calendar) }
            }
        }
        if let first = configuration.trace?.failures.first { calendar.schedule(.traceFailure(index: 0), at: first.time) }
        for (eventIndex, event) in configuration.correlatedEvents.enumerated() {
            for (siteIndex, site) in configuration.sites.enumerated()
            where event.siteKinds.isEmpty || event.siteKinds.contains(site.kind) {
                calendar.schedule(.correlatedStrike(event: Int32(eventIndex), site: Int32(siteIndex)),
                                  at: streams.correlated.exponential(mean: event.meanTimeBetween))
            }
        }
        scheduleJobSources(calendar: &calendar)
        scheduleFalseAlarm(calendar: &calendar)
        startServices(calendar: &calendar)
        for (index, campaign) in configuration.upgrades.enumerated() {
            scheduleUpgradeStep(index, at: campaign.start, calendar: &calendar)
        }
        if configuration.warmup > 0 { calendar.schedule(.warmupEnded, at: configuration.warmup) }
        calendar.schedule(.sample, at: 0)
    }

    public mutating func handle(_ event: Event, calendar: inout EventCalendar<Event>) {
        switch event {
        case .failure(let componentClass, let eventGeneration, let instance):
            guard generation[Int(componentClass)][Int(instance)] == eventGeneration else { return }
            fail(componentClass: Int(componentClass), instance: Int(instance), calendar: &calendar)
        case .pooledFailure(let componentClass):
            let classIndex = Int(componentClass)
            pooledClocks[classIndex]!.pending = nil
            let instance = pooledClocks[classIndex]!.randomUpInstance(using: streams.failure[classIndex])
            fail(componentClass: classIndex, instance: instance, calendar: &calendar)
        case .detected(let incident):
            detect(incident, calendar: &calendar)
        case .diagnosed(let incident):
            startNextRemediationStep(incident, calendar: &calendar)
        case .remediationFinished(let incident):
            finishRemediationStep(incident, calendar: &calendar)
        case .handsOnStarts(let incident):
            calendar.schedule(.repaired(incident: incident), after: repairTime(of: incident))
        case .repaired(let incident):
            resolve(incident, byAutomation: false, calendar: &calendar)
        case .partsArrive(let site, let spare):
            receiveParts(site: Int(site), spare: Int(spare), calendar: &calendar)
        case .shiftStarts(let site):
            crews[Int(site)].shiftEventPending = false
            dispatch(site: Int(site), calendar: &calendar)
        case .correlatedStrike(let eventIndex, let site):
            strike(eventIndex: Int(eventIndex), site: Int(site), calendar: &calendar)
        case .traceFailure(let index):
            replay(Int(index), calendar: &calendar)
        case .job(let index, let generation, let kind):
            handleJobEvent(Int(index), generation: generation, kind: kind, calendar: &calendar)
        case .jobArrival(let process):
            arrive(process: Int(process), calendar: &calendar)
        case .serviceTick(let service):
            serviceTick(Int(service), calendar: &calendar)
        case .serviceReplacement(let service):
            replaceReplica(Int(service), calendar: &calendar)
        case .actionCompleted(let request, let timedOut):
            completeAction(Int(request), timedOut: timedOut, calendar: &calendar)
        case .falseAlarm:
            raiseFalseAlarm(calendar: &calendar)
        case .lateAlert(let incident):
            if incidents[Int(incident)].isOpen { alert(incident, mayBeMissed: false, calendar: &calendar) }
        case .degradedFailure(let componentClass, let eventGeneration, let instance, let mode):
            degradedComponentFails(Int(componentClass), instance: Int(instance), mode: Int(mode), generation: eventGeneration,
                                   calendar: &calendar)
        case .upgradeStep(let campaign):
            upgrades[Int(campaign)].stepPending = false
            upgradeStep(Int(campaign), calendar: &calendar)
        case .nodeUpgradeDone(let campaign, let node):
            finishNodeWork(Int(campaign), node: node, calendar: &calendar)
        case .soakEnded(let campaign):
            endSoak(Int(campaign), calendar: &calendar)
        case .upgradeInducedFailure(let campaign, let clock):
            induceFailure(Int(campaign), clock: clock, calendar: &calendar)
        case .sample:
            statistics.sampleCapacity(at: calendar.now, usable: ledger.totalUsable, busyTechnicians: crews.reduce(0) { $0 + $1.busy })
            calendar.schedule(.sample, after: configuration.sampleInterval)
        case .warmupEnded:
            statistics.restart(at: calendar.now, ledger: ledger, crews: crews.map(\.busy))
        }
    }

    // MARK: Faults

    /// Fails a component now, in `forcedMode` (else one drawn by share); a trace may also fix the
    /// repair time.
    mutating func fail(componentClass classIndex: Int, instance: Int, forcedMode: Int? = nil,
                       repairTime: Double? = nil, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        let componentClass = configuration.componentClasses[classIndex]
        let modeIndex = forcedMode ?? topology.modeChoice[classIndex].draw(using: streams.mode)
        let mode = componentClass.modes[modeIndex]
        if forcedMode == nil, management != nil, let precursor = mode.precursor, streams.management.bernoulli(precursor.probability) {
            degrade(componentClass: classIndex, instance: instance, mode: modeIndex, precursor: precursor, calendar: &calendar)
            return
        }
        let level = topology.classLevel[classIndex]
        let host = Int(topology.instanceHost[classIndex][instance])
        let site = topology.ancestor(of: host, at: level, level: .site)

        var incident = Incident(
            componentClass: Int32(classIndex), instance: Int32(instance), mode: Int32(modeIndex),
            site: Int32(site), outageLevel: nil, outageEntity: 0, isolatesSite: false, failedAt: now,
            repairTime: repairTime ?? .nan)
        switch mode.blastRadius {
        case .none: break
        case .isolateSite:
            incident.isolatesSite = true
        case .gpu, .node, .rack, .site, .nvlinkDomain:
            var outageLevel = Level(mode.blastRadius) ?? nvlinkDomainLevel(host: host, level: level)
            if outageLevel.order < level.order { outageLevel = level }
            incident.outageLevel = outageLevel
            incident.outageEntity = Int32(topology.ancestor(of: host, at: level, level: outageLevel))
        }
        incident.node = node(ofHost: host, level: level)
        let index = open(incident)
        takeOutOfService(classIndex: classIndex, instance: instance, calendar: &calendar)
        if let outageLevel = incident.outageLevel {
            let change = ledger.addOutage(at: outageLevel, entity: Int(incident.outageEntity), topology: topology)
            statistics.capacityChanged(by: change, site: site, at: now, ledger: ledger)
            if interruptJobs(outageLevel: outageLevel, entity: Int(incident.outageEntity), cause: classIndex, calendar: &calendar) {
                incidents[Int(index)].impactedUsers = true
            }
        }
        if incident.isolatesSite {
            siteIsolation[site] += 1
            networkChanged(calendar: &calendar)
        }
        statistics.recordFailure(componentClass: classIndex, mode: modeIndex, site: site, at: now)
        if !upgrades.isEmpty && incident.node >= 0 { noteFailureForUpgradeGates(node: incident.node) }
        calendar.schedule(.detected(incident: index), after: mode.detection.sample(using: streams.detection))
    }

    /// The node an incident on `host` is filed against: its own node, a rack's first node for
    /// rack-level parts, none (−1) for site-level ones.
    func node(ofHost host: Int, level: Level) -> Int32 {
        switch level {
        case .site: -1
        case .rack: topology.rackFirstNode[host]
        case .gpu, .node: Int32(topology.ancestor(of: host, at: level, level: .node))
        }
    }

    /// The component is failed (or degraded): no other failure can strike it, and any pending
    /// clock of it is void, until its repair restarts the clock.
    mutating func takeOutOfService(classIndex: Int, instance: Int, calendar: inout EventCalendar<Event>) {
        isFailed[classIndex][instance] = true
        generation[classIndex][instance] &+= 1
        if pooledClocks[classIndex] != nil {
            pooledClocks[classIndex]!.markDown(instance)
            reschedulePooledFailure(classIndex: classIndex, calendar: &calendar)
        }
    }

    /// The level of the NVLink domain of the rack holding `host`.
    func nvlinkDomainLevel(host: Int, level: Level) -> Level {
        let rack = level == .site ? nil : topology.ancestor(of: host, at: level, level: .rack)
        return rack.map { configuration.rackTypes[Int(topology.rackType[$0])].nvlinkDomain } ?? .site
    }

    mutating func open(_ incident: Incident) -> Int32 {
        if let slot = freeIncidents.popLast() {
            incidents[Int(slot)] = incident
            return slot
        }
        incidents.append(incident)
        return Int32(incidents.count - 1)
    }
    /// Frees an incident's slot for reuse.
    mutating func close(_ index: Int32) {
        incidents[Int(index)].isOpen = false
        freeIncidents.append(index)
    }


    mutating func detect(_ index: Int32, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let site = Int(incident.site)
        // A site cut off from the management plane hides its faults (but not the cut itself).
        if siteIsolation[site] > 0 && !incident.isolatesSite {
            hiddenIncidents[site].append(index)
            return
        }
        statistics.recordDetection(after: calendar.now - incident.failedAt, failedAt: incident.failedAt)
        let componentClass = configuration.componentClasses[Int(incident.componentClass)]
        if componentClass.repairedBy == .provider {
            calendar.schedule(.repaired(incident: index), after: repairTime(of: index))
            return
        }
        if management != nil {
            alert(index, mayBeMissed: true, calendar: &calendar)
            return
        }
        let diagnosis = componentClass.diagnosis
        if case .deterministic(0) = diagnosis {
            startNextRemediationStep(index, calendar: &calendar)
        } else {
            calendar.schedule(.diagnosed(incident: index), after: diagnosis.sample(using: streams.diagnosis))
        }
    }

    /// The repair time a trace fixed for the incident, else a draw from its class.
    func repairTime(of index: Int32) -> Double {
        let incident = incidents[Int(index)]
        if !incident.repairTime.isNaN { return incident.repairTime }
        return configuration.componentClasses[Int(incident.componentClass)].repairTime.sample(using: streams.repair)
    }

    /// Replays trace failure `index` (skipped, and counted, if the component is still down from
    /// an earlier one) and schedules the next.
    mutating func replay(_ index: Int, calendar: inout EventCalendar<Event>) {
        let failures = configuration.trace!.failures
        let failure = failures[index]
        if isFailed[failure.componentClass][failure.instance] {
            statistics.traceFailuresWhileDown += 1
        } else {
            fail(componentClass: failure.componentClass, instance: failure.instance, forcedMode: failure.mode,
                 repairTime: failure.repairTime, calendar: &calendar)
        }
        if index + 1 < failures.count {
            calendar.schedule(.traceFailure(index: Int32(index + 1)), at: failures[index + 1].time)
        }
    }

    mutating func strike(eventIndex: Int, site: Int, calendar: inout EventCalendar<Event>) {
        let event = configuration.correlatedEvents[eventIndex]
        let classIndex = event.componentClass
        for instance in topology.siteInstances[classIndex][site]
        where !isFailed[classIndex][instance] && streams.correlated.bernoulli(event.probability) {
            statistics.correlatedFailures += 1
            fail(componentClass: classIndex, instance: instance, calendar: &calendar)
        }
        calendar.schedule(.correlatedStrike(event: Int32(eventIndex), site: Int32(site)),
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
