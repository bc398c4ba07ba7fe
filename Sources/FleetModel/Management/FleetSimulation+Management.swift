import FleetPolicy
import SimulationCore
import Stochastics

// The management plane in the simulator: detected faults become alerts, the policy engine
// answers with actions, and the actions take time and work — or not — depending on the true
// fault. Human actions (tickets, part replacements) go through the technicians and spares.
//
// Every entry point is reached only when the scenario has a management plane; each still reads
// the plane through optional chaining, so a stray event is ignored rather than a crash.
extension FleetSimulation {
    mutating func handle(_ event: ManagementEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .actionCompleted(let request, let timedOut):
            completeAction(Int(request), timedOut: timedOut, calendar: &calendar)
        case .falseAlarm:
            raiseFalseAlarm(calendar: &calendar)
        case .lateAlert(let incident):
            if incidents[incident].isOpen { alert(incident, mayBeMissed: false, calendar: &calendar) }
        }
    }

    var fleetView: SimulatedFleetView {
        SimulatedFleetView(topology: topology, cordoned: management?.cordoned ?? [], tickets: management?.tickets ?? 0)
    }

    /// A detected fault raises its mode's alert (its precursor's, for a degradation) — unless
    /// the alert is lost, and the fault is found later.
    mutating func alert(_ id: IncidentID, mayBeMissed: Bool, calendar: inout EventCalendar<Event>) {
        guard let settings = management?.settings else { return }
        let incident = incidents[id]
        if mayBeMissed && settings.missedAlertProbability > 0 && streams.management.bernoulli(settings.missedAlertProbability) {
            management?.missedAlerts += 1
            calendar.schedule(.management(.lateAlert(id)), after: settings.missedAlertFoundAfter.sample(using: streams.management))
            return
        }
        if let network = configuration.network, incident.site.index != network.managementSite {
            sendAlertOverWAN(id, network: network, calendar: &calendar)
            return
        }
        deliverAlert(id, calendar: &calendar)
    }

    /// The alert reaches the policy engine, which answers with actions.
    mutating func deliverAlert(_ id: IncidentID, calendar: inout EventCalendar<Event>) {
        let incident = incidents[id]
        let mode = self[modeOf: incident]
        var labels = incident.isPrecursor ? [:] : mode.signalLabels
        labels["incident"] = "\(id.rawValue)"
        labels["severity"] = labels["severity"] ?? (mode.fault == .hard && !incident.isPrecursor ? "critical" : "warning")
        labels["site"] = configuration.sites[incident.site.index].name
        if let node = incident.node {
            labels["node"] = SimulatedFleetView.name(ofNode: node.index)
            labels["rack"] = "r\(topology.nodeRack[node.index])"
            if !upgrades.isEmpty, let campaign = upgradeCampaign(onNode: node) { labels["campaign"] = campaign }
        }
        management?.signals += 1
        let type = incident.isPrecursor ? (mode.precursor?.signal ?? mode.signal) : mode.signal
        let view = fleetView
        let requests = management?.handle(Signal(type: type, labels: labels, time: calendar.now), state: view) ?? []
        execute(requests, calendar: &calendar)
    }

    mutating func execute(_ requests: [ActionRequest], calendar: inout EventCalendar<Event>) {
        guard let settings = management?.settings else { return }
        for request in requests {
            management?.actions += 1
            management?.inFlight[request.id] = request
            let action = request.action
            if action.isHuman || action.kind == .replacePart {
                if action.kind != .replacePart { management?.tickets += 1 }
                handToPeople(request, calendar: &calendar)
                continue
            }
            let effect = settings.actions[action.kind]
            var duration = effect?.duration.sample(using: streams.management) ?? 0
            if request.needsApproval {
                management?.approvalsAwaited += 1
                duration += settings.approvalTime.sample(using: streams.management)
            }
            if let timeout = request.timeout, duration > timeout {
                calendar.schedule(.management(.actionCompleted(request: Int32(request.id), timedOut: true)), after: timeout)
            } else {
                calendar.schedule(.management(.actionCompleted(request: Int32(request.id), timedOut: false)), after: duration)
            }
        }
    }

    /// The open incident on `node`, if any (the oldest); with `clearableByAutomation`, the
    /// oldest that is not in people's hands. A fault handed to technicians (a ticket, a part) is
    /// theirs until they finish: automation resolving it as well would end it twice — free the
    /// technician twice, return its capacity twice (replication 1072 of runbook-comparison).
    func openIncident(onNode node: NodeID, clearableByAutomation: Bool = false) -> IncidentID? {
        incidents.first { incident in
            incident.node == node && failures.isFailed(incident.component)
                && (!clearableByAutomation || !incident.isInPeoplesHands)
        }
    }

    /// A ticket or part replacement: the fault behind the alert goes to hands-on repair; the
    /// action succeeds when the repair is done. With no fault to repair, a visit is wasted.
    mutating func handToPeople(_ request: ActionRequest, calendar: inout EventCalendar<Event>) {
        let incident = request.labels["incident"].flatMap(Int32.init).map(IncidentID.init(rawValue:)).flatMap { id -> IncidentID? in
            incidents.contains(id) && incidents[id].isOpen && !incidents[id].isInPeoplesHands ? id : nil
        }
        guard let incident, failures.isFailed(incidents[incident].component) else {
            calendar.schedule(.management(.actionCompleted(request: Int32(request.id), timedOut: false)), after: 0)
            return
        }
        incidents[incident].awaitingRequest = request.id
        escalateToHands(incident, calendar: &calendar)
    }

    mutating func completeAction(_ id: Int, timedOut: Bool, calendar: inout EventCalendar<Event>) {
        guard let request = management?.inFlight.removeValue(forKey: id), let settings = management?.settings else { return }
        let now = calendar.now
        var outcome: ActionOutcome = timedOut ? .timedOut : .succeeded
        let node = request.action.node.flatMap(SimulatedFleetView.node(named:))
        if !timedOut, case .holdUpgrade(let campaign) = request.action, !holdUpgrades(named: campaign, at: now) {
            outcome = .failed
        }
        if !timedOut, let node {
            let nodeID = NodeID(node)
            let incident = openIncident(onNode: nodeID)
            switch request.action.kind {
            case .cordon:
                if management?.cordoned.insert(node).inserted == true {
                    let change = ledger.addOutage(at: .node, entity: node, topology: topology)
                    statistics.capacityChanged(by: change, site: siteOf(node: node), at: now, ledger: ledger)
                }
                if let incident { markMitigated(incident, at: now) }
            case .uncordon:
                if management?.cordoned.remove(node) != nil {
                    let change = ledger.removeOutage(at: .node, entity: node, topology: topology)
                    statistics.capacityChanged(by: change, site: siteOf(node: node), at: now, ledger: ledger)
                    if change != 0 { scheduleWaitingJobs(calendar: &calendar) }
                }
            case .drain:
                if incident == nil { management?.automationErrors += 1 }
                if interruptJobs(outageLevel: .node, entity: node, cause: preemptionCause, calendar: &calendar), let incident {
                    incidents[incident].impactedUsers = true
                }
            case .resetGPU, .reboot, .reimage:
                guard incident != nil else {
                    management?.automationErrors += 1
                    break
                }
                guard let incident = openIncident(onNode: nodeID, clearableByAutomation: true) else {
                    outcome = .failed  // every fault on the node is already with the technicians
                    break
                }
                let fault = self[modeOf: incidents[incident]].fault
                let chance = settings.actions[request.action.kind]?.clears[fault] ?? 0
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
        let view = fleetView
        let next = management?.report(outcome, of: id, at: now, state: view) ?? []
        execute(next, calendar: &calendar)
    }

    mutating func markMitigated(_ incident: IncidentID, at now: SimTime) {
        if incidents[incident].mitigatedAt.isNaN { incidents[incident].mitigatedAt = now }
    }

    /// After a managed fault is repaired: the human action waiting on it succeeds, and its alert
    /// resolves.
    mutating func managedIncidentResolved(_ incident: Incident, at now: SimTime, calendar: inout EventCalendar<Event>) {
        if incident.isPrecursor { management?.failuresAverted += 1 }
        if incident.failedAt >= statistics.start {
            let mitigated = incident.mitigatedAt.isNaN ? now : incident.mitigatedAt
            management?.timeToMitigate.append(mitigated - incident.failedAt)
        }
        if let request = incident.awaitingRequest {
            calendar.schedule(.management(.actionCompleted(request: Int32(request), timedOut: false)), after: 0)
        }
    }
}

// Telemetry's imperfections: spurious alerts, and faults that announce themselves.
extension FleetSimulation {
    mutating func scheduleFalseAlarm(calendar: inout EventCalendar<Event>) {
        guard let mean = management?.settings.falseAlarmMeanTimePerNode, topology.nodeCount > 0 else { return }
        calendar.schedule(.management(.falseAlarm), after: streams.management.exponential(mean: mean / Double(topology.nodeCount)))
    }

    /// An alert about a node with nothing wrong: whatever the policy does to it is wasted.
    mutating func raiseFalseAlarm(calendar: inout EventCalendar<Event>) {
        guard let settings = management?.settings else { return }
        let node = streams.management.index(below: topology.nodeCount)
        management?.falseAlarms += 1
        let labels = ["node": SimulatedFleetView.name(ofNode: node), "rack": "r\(topology.nodeRack[node])",
                      "site": configuration.sites[siteOf(node: node)].name, "severity": "warning"]
        let signal = Signal(type: settings.falseAlarmSignal, labels: labels, time: calendar.now)
        let view = fleetView
        let requests = management?.handle(signal, state: view) ?? []
        execute(requests, calendar: &calendar)
        scheduleFalseAlarm(calendar: &calendar)
    }

    /// The component degrades: a precursor incident (no capacity lost yet) raises its alert, and
    /// the failure is due `leadTime` later.
    mutating func degrade(_ component: ComponentID, mode: Int, precursor: Precursor, calendar: inout EventCalendar<Event>) {
        let level = topology.classLevel[component.classIndex]
        let host = topology.host(ofClass: component.classIndex, instance: component.instanceIndex)
        let lineage = topology.lineage(of: host, at: level)
        var incident = Incident(component: component, mode: mode, site: SiteID(rawValue: lineage.site), failedAt: calendar.now)
        incident.isPrecursor = true
        incident.node = node(of: lineage, level: level)
        let id = incidents.open(incident)
        takeOutOfService(component, calendar: &calendar)
        management?.precursors += 1
        calendar.schedule(.failures(.degradedFailure(component, generation: failures.generation(of: component), mode: Int16(mode))),
                          after: precursor.leadTime.sample(using: streams.management))
        alert(id, mayBeMissed: true, calendar: &calendar)
    }

    /// The lead time is up. If people are already replacing the part, the failure is averted;
    /// otherwise the precursor incident closes and the component fails for real.
    mutating func degradedComponentFails(_ component: ComponentID, mode: Int, generation eventGeneration: UInt16,
                                         calendar: inout EventCalendar<Event>) {
        guard failures.generation(of: component) == eventGeneration,
              let id = incidents.first(where: { $0.isPrecursor && $0.component == component })
        else { return }
        if incidents[id].isInPeoplesHands { return }  // being repaired: averted
        dropAlertInFlight(id, calendar: &calendar)
        incidents.close(id)
        failures.markRepaired(component)
        management?.precursorsMissed += 1
        fail(component, forcedMode: mode, calendar: &calendar)
    }
}
