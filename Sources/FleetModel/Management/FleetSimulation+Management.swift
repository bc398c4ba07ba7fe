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

    /// A detected fault raises its mode's alert.
    mutating func alert(_ index: Int32, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let mode = mode(of: incident)
        var labels = mode.signalLabels
        labels["incident"] = "\(index)"
        labels["severity"] = labels["severity"] ?? (mode.fault == .hard ? "critical" : "warning")
        labels["site"] = configuration.sites[Int(incident.site)].name
        if incident.node >= 0 {
            labels["node"] = SimulatedFleetView.name(ofNode: Int(incident.node))
            labels["rack"] = "r\(topology.nodeRack[Int(incident.node)])"
        }
        management!.signals += 1
        let signal = Signal(type: mode.signal, labels: labels, time: calendar.now)
        let requests = management!.engine.handle(signal, state: fleetView)
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
            let duration = effect?.duration.sample(using: streams.management) ?? 0
            if let timeout = request.timeout, duration > timeout {
                calendar.schedule(.actionCompleted(request: Int32(request.id), timedOut: true), after: timeout)
            } else {
                calendar.schedule(.actionCompleted(request: Int32(request.id), timedOut: false), after: duration)
            }
        }
    }

    /// The open incident on `node`, if any (the oldest).
    func openIncident(onNode node: Int) -> Int32? {
        incidents.indices.first { index in
            incidents[index].node == Int32(node) && !freeIncidents.contains(Int32(index)) && isFailed[Int(incidents[index].componentClass)][Int(incidents[index].instance)]
        }.map(Int32.init)
    }

    /// A ticket or part replacement: the fault behind the alert goes to hands-on repair; the
    /// action succeeds when the repair is done. With no fault to repair, a visit is wasted.
    mutating func handToPeople(_ request: ActionRequest, calendar: inout EventCalendar<Event>) {
        let incident = request.labels["incident"].flatMap(Int32.init).flatMap { index -> Int32? in
            Int(index) < incidents.count && !freeIncidents.contains(index) && incidents[Int(index)].awaitingRequest < 0 ? index : nil
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
                guard let incident else {
                    management!.automationErrors += 1
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
        let next = management!.engine.report(outcome, of: id, at: now, state: fleetView)
        execute(next, calendar: &calendar)
    }

    mutating func markMitigated(_ incident: Int32, at now: SimTime) {
        if incidents[Int(incident)].mitigatedAt.isNaN { incidents[Int(incident)].mitigatedAt = now }
    }

    /// After a managed fault is repaired: the human action waiting on it succeeds, and its alert
    /// resolves.
    mutating func managedIncidentResolved(_ incident: Incident, at now: SimTime, calendar: inout EventCalendar<Event>) {
        if incident.failedAt >= statistics.start {
            let mitigated = incident.mitigatedAt.isNaN ? now : incident.mitigatedAt
            management!.timeToMitigate.append(mitigated - incident.failedAt)
        }
        if incident.awaitingRequest >= 0 {
            calendar.schedule(.actionCompleted(request: incident.awaitingRequest, timedOut: false), after: 0)
        }
    }
}
