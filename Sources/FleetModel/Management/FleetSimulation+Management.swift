import FleetPolicy
import SimulationCore
import Stochastics

// The management plane in the simulator: detected faults become alerts, the policy engine
// answers with actions, and the actions take time and work — or not — depending on the true
// fault. Human actions (tickets, part replacements) go through the technicians and spares.
extension FleetSimulation {
    var fleetView: SimulatedFleetView {
        SimulatedFleetView(topology: topology, cordoned: management!.cordoned, tickets: management!.tickets)
    }

    /// A detected fault raises its mode's alert (its precursor's, for a degradation) — unless
    /// the alert is lost, and the fault is found later.
    mutating func alert(_ index: Int32, mayBeMissed: Bool, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let settings = configuration.management!
        if mayBeMissed && settings.missedAlertProbability > 0 && streams.management.bernoulli(settings.missedAlertProbability) {
            management!.missedAlerts += 1
            calendar.schedule(.lateAlert(incident: index), after: settings.missedAlertFoundAfter.sample(using: streams.management))
            return
        }
        let mode = mode(of: incident)
        var labels = incident.isPrecursor ? [:] : mode.signalLabels
        labels["incident"] = "\(index)"
        labels["severity"] = labels["severity"] ?? (mode.fault == .hard && !incident.isPrecursor ? "critical" : "warning")
        labels["site"] = configuration.sites[Int(incident.site)].name
        if incident.node >= 0 {
            labels["node"] = SimulatedFleetView.name(ofNode: Int(incident.node))
            labels["rack"] = "r\(topology.nodeRack[Int(incident.node)])"
            if !upgrades.isEmpty, let campaign = upgradeCampaign(onNode: incident.node) { labels["campaign"] = campaign }
        }
        management!.signals += 1
        let signal = Signal(type: incident.isPrecursor ? mode.precursor!.signal : mode.signal, labels: labels, time: calendar.now)
        let requests = management!.handle(signal, state: fleetView)
        execute(requests, calendar: &calendar)
    }

    mutating func execute(_ requests: [ActionRequest], calendar: inout EventCalendar<Event>) {
        for request in requests {
            management!.actions += 1
            management!.inFlight[request.id] = request
            let action = request.action
            if action.isHuman || action.kind == .replacePart {
                if action.kind != .replacePart { management!.tickets += 1 }
                handToPeople(request, calendar: &calendar)
                continue
            }
            let effect = configuration.management!.actions[action.kind]
            var duration = effect?.duration.sample(using: streams.management) ?? 0
            if request.needsApproval {
                management!.approvalsAwaited += 1
                duration += configuration.management!.approvalTime.sample(using: streams.management)
            }
            if let timeout = request.timeout, duration > timeout {
                calendar.schedule(.actionCompleted(request: Int32(request.id), timedOut: true), after: timeout)
            } else {
                calendar.schedule(.actionCompleted(request: Int32(request.id), timedOut: false), after: duration)
            }
        }
    }

    /// The open incident on `node`, if any (the oldest); with `clearableByAutomation`, the
    /// oldest that is not in people's hands. A fault handed to technicians (a ticket, a part) is
    /// theirs until they finish: automation resolving it as well would end it twice — free the
    /// technician twice, return its capacity twice (replication 1072 of runbook-comparison).
    func openIncident(onNode node: Int, clearableByAutomation: Bool = false) -> Int32? {
        incidents.indices.first { index in
            incidents[index].node == Int32(node) && incidents[index].isOpen
                && isFailed[Int(incidents[index].componentClass)][Int(incidents[index].instance)]
                && (!clearableByAutomation || incidents[index].awaitingRequest < 0)
        }.map(Int32.init)
    }

    /// A ticket or part replacement: the fault behind the alert goes to hands-on repair; the
    /// action succeeds when the repair is done. With no fault to repair, a visit is wasted.
    mutating func handToPeople(_ request: ActionRequest, calendar: inout EventCalendar<Event>) {
        let incident = request.labels["incident"].flatMap(Int32.init).flatMap { index -> Int32? in
            Int(index) < incidents.count && incidents[Int(index)].isOpen && incidents[Int(index)].awaitingRequest < 0 ? index : nil
        }
        guard let incident, isFailed[Int(incidents[Int(incident)].componentClass)][Int(incidents[Int(incident)].instance)] else {
            calendar.schedule(.actionCompleted(request: Int32(request.id), timedOut: false), after: 0)
            return
        }
        incidents[Int(incident)].awaitingRequest = Int32(request.id)
        escalateToHands(incident, calendar: &calendar)
    }

    mutating func completeAction(_ id: Int, timedOut: Bool, calendar: inout EventCalendar<Event>) {
        guard let request = management!.inFlight.removeValue(forKey: id) else { return }
        let now = calendar.now
        var outcome: ActionOutcome = timedOut ? .timedOut : .succeeded
        let node = request.action.node.flatMap(SimulatedFleetView.node(named:))
        if !timedOut, case .holdUpgrade(let campaign) = request.action, !holdUpgrades(named: campaign, at: now) {
            outcome = .failed
        }
        if !timedOut, let node {
            let incident = openIncident(onNode: node)
            switch request.action.kind {
            case .cordon:
                if management!.cordoned.insert(node).inserted {
                    let change = ledger.addOutage(at: .node, entity: node, topology: topology)
                    statistics.capacityChanged(by: change, site: siteOf(node: node), at: now, ledger: ledger)
                }
                if let incident { markMitigated(incident, at: now) }
            case .uncordon:
                if management!.cordoned.remove(node) != nil {
                    let change = ledger.removeOutage(at: .node, entity: node, topology: topology)
                    statistics.capacityChanged(by: change, site: siteOf(node: node), at: now, ledger: ledger)
                    if change != 0 { scheduleWaitingJobs(calendar: &calendar) }
                }
            case .drain:
                if incident == nil { management!.automationErrors += 1 }
                if interruptJobs(outageLevel: .node, entity: node, cause: preemptionCause, calendar: &calendar), let incident {
                    incidents[Int(incident)].impactedUsers = true
                }
            case .resetGPU, .reboot, .reimage:
                guard incident != nil else {
                    management!.automationErrors += 1
                    break
                }
                guard let incident = openIncident(onNode: node, clearableByAutomation: true) else {
                    outcome = .failed  // every fault on the node is already with the technicians
                    break
                }
                let fault = mode(of: incidents[Int(incident)]).fault
                let chance = configuration.management!.actions[request.action.kind]?.clears[fault] ?? 0
                if streams.management.bernoulli(chance) {
                    markMitigated(incident, at: now)
                    resolve(incident, byAutomation: true, calendar: &calendar)
                } else {
                    outcome = .failed
                }
            default:
                break
            }
        }
        let next = management!.report(outcome, of: id, at: now, state: fleetView)
        execute(next, calendar: &calendar)
    }

    mutating func markMitigated(_ incident: Int32, at now: SimTime) {
        if incidents[Int(incident)].mitigatedAt.isNaN { incidents[Int(incident)].mitigatedAt = now }
    }

    /// After a managed fault is repaired: the human action waiting on it succeeds, and its alert
    /// resolves.
    mutating func managedIncidentResolved(_ incident: Incident, at now: SimTime, calendar: inout EventCalendar<Event>) {
        if incident.isPrecursor { management!.failuresAverted += 1 }
        if incident.failedAt >= statistics.start {
            let mitigated = incident.mitigatedAt.isNaN ? now : incident.mitigatedAt
            management!.timeToMitigate.append(mitigated - incident.failedAt)
        }
        if incident.awaitingRequest >= 0 {
            calendar.schedule(.actionCompleted(request: incident.awaitingRequest, timedOut: false), after: 0)
        }
    }
}

// Telemetry's imperfections: spurious alerts, and faults that announce themselves.
extension FleetSimulation {
    mutating func scheduleFalseAlarm(calendar: inout EventCalendar<Event>) {
        guard let mean = configuration.management?.falseAlarmMeanTimePerNode, topology.nodeCount > 0 else { return }
        calendar.schedule(.falseAlarm, after: streams.management.exponential(mean: mean / Double(topology.nodeCount)))
    }

    /// An alert about a node with nothing wrong: whatever the policy does to it is wasted.
    mutating func raiseFalseAlarm(calendar: inout EventCalendar<Event>) {
        let settings = configuration.management!
        let node = streams.management.index(below: topology.nodeCount)
        management!.falseAlarms += 1
        let labels = ["node": SimulatedFleetView.name(ofNode: node), "rack": "r\(topology.nodeRack[node])",
                      "site": configuration.sites[siteOf(node: node)].name, "severity": "warning"]
        let requests = management!.handle(Signal(type: settings.falseAlarmSignal, labels: labels, time: calendar.now), state: fleetView)
        execute(requests, calendar: &calendar)
        scheduleFalseAlarm(calendar: &calendar)
    }

    /// The component degrades: a precursor incident (no capacity lost yet) raises its alert, and
    /// the failure is due `leadTime` later.
    mutating func degrade(componentClass classIndex: Int, instance: Int, mode: Int, precursor: Precursor,
                          calendar: inout EventCalendar<Event>) {
        let level = topology.classLevel[classIndex]
        let host = Int(topology.instanceHost[classIndex][instance])
        var incident = Incident(
            componentClass: Int32(classIndex), instance: Int32(instance), mode: Int32(mode),
            site: Int32(topology.ancestor(of: host, at: level, level: .site)), outageLevel: nil, outageEntity: 0,
            isolatesSite: false, failedAt: calendar.now)
        incident.isPrecursor = true
        incident.node = node(ofHost: host, level: level)
        let index = open(incident)
        takeOutOfService(classIndex: classIndex, instance: instance, calendar: &calendar)
        management!.precursors += 1
        calendar.schedule(
            .degradedFailure(componentClass: Int16(classIndex), generation: generation[classIndex][instance],
                             instance: Int32(instance), mode: Int16(mode)),
            after: precursor.leadTime.sample(using: streams.management))
        alert(index, mayBeMissed: true, calendar: &calendar)
    }

    /// The lead time is up. If people are already replacing the part, the failure is averted;
    /// otherwise the precursor incident closes and the component fails for real.
    mutating func degradedComponentFails(_ classIndex: Int, instance: Int, mode: Int, generation eventGeneration: UInt16,
                                         calendar: inout EventCalendar<Event>) {
        guard generation[classIndex][instance] == eventGeneration,
              let index = incidents.indices.first(where: { incidents[$0].isOpen && incidents[$0].isPrecursor
                  && Int(incidents[$0].componentClass) == classIndex && Int(incidents[$0].instance) == instance })
        else { return }
        if incidents[index].awaitingRequest >= 0 { return }  // being repaired: averted
        close(Int32(index))
        isFailed[classIndex][instance] = false
        management!.precursorsMissed += 1
        fail(componentClass: classIndex, instance: instance, forcedMode: mode, calendar: &calendar)
    }
}
