import SimulationCore
import Stochastics

// The repair pipeline: remediation steps, then parts, then technicians, then repair.
extension FleetSimulation {
    func mode(of incident: Incident) -> FailureMode {
        configuration.componentClasses[Int(incident.componentClass)].modes[Int(incident.mode)]
    }

    mutating func startNextRemediationStep(_ index: Int32, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let steps = mode(of: incident).remediation
        guard Int(incident.nextStep) < steps.count else {
            escalateToHands(index, calendar: &calendar)
            return
        }
        let step = configuration.remediationSteps[steps[Int(incident.nextStep)]]
        statistics.remediationAttempts += 1
        calendar.schedule(.remediationFinished(incident: index), after: step.duration.sample(using: streams.remediation))
    }

    mutating func finishRemediationStep(_ index: Int32, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let mode = mode(of: incident)
        let step = configuration.remediationSteps[mode.remediation[Int(incident.nextStep)]]
        if streams.remediation.bernoulli(step.success[mode.fault] ?? 0) {
            resolve(index, byAutomation: true, calendar: &calendar)
        } else {
            incidents[Int(index)].nextStep += 1
            startNextRemediationStep(index, calendar: &calendar)
        }
    }

    /// Hands-on work: a hard fault first needs its part (waiting if the site is out of stock).
    mutating func escalateToHands(_ index: Int32, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let site = Int(incident.site)
        let componentClass = configuration.componentClasses[Int(incident.componentClass)]
        if mode(of: incident).fault == .hard, let part = componentClass.part {
            statistics.partsReplaced += 1
            if incident.failedAt >= statistics.start { statistics.partsConsumed[part, default: 0] += 1 }
            if let spare = spareIndex[site][part] {
                if stocks[site][spare].onHand > 0 {
                    stocks[site][spare].onHand -= 1
                    reorderIfNeeded(site: site, spare: spare, calendar: &calendar)
                } else {
                    statistics.recordStockout(site: site)
                    incidents[Int(index)].waitingForPartSince = calendar.now
                    stocks[site][spare].waiting.append(index)
                    reorderIfNeeded(site: site, spare: spare, calendar: &calendar)
                    return
                }
            }
        }
        enqueueForTechnician(index, site: site, at: calendar.now)
        dispatch(site: site, calendar: &calendar)
    }

    mutating func enqueueForTechnician(_ index: Int32, site: Int, at now: SimTime) {
        incidents[Int(index)].queuedForTechnicianAt = now
        crews[site].queue.append(index)
        statistics.technicianQueueChanged(by: 1, at: now)
    }

    mutating func reorderIfNeeded(site: Int, spare: Int, calendar: inout EventCalendar<Event>) {
        let policy = configuration.sites[site].spares[spare]
        guard !stocks[site][spare].onOrder, stocks[site][spare].onHand <= policy.reorderPoint else { return }
        stocks[site][spare].onOrder = true
        calendar.schedule(.partsArrive(site: Int32(site), spare: Int32(spare)),
                          after: policy.leadTime.sample(using: streams.logistics))
    }

    mutating func receiveParts(site: Int, spare: Int, calendar: inout EventCalendar<Event>) {
        let policy = configuration.sites[site].spares[spare]
        stocks[site][spare].onOrder = false
        stocks[site][spare].onHand += policy.reorderQuantity
        while stocks[site][spare].onHand > 0, let waiting = stocks[site][spare].waiting.popFirst() {
            stocks[site][spare].onHand -= 1
            statistics.recordPartWait(calendar.now - incidents[Int(waiting)].waitingForPartSince)
            enqueueForTechnician(waiting, site: site, at: calendar.now)
        }
        reorderIfNeeded(site: site, spare: spare, calendar: &calendar)
        dispatch(site: site, calendar: &calendar)
    }

    /// Sends free technicians to waiting incidents, first come first served, when a shift is on
    /// (or someone is on call); otherwise arranges to try again when the next shift starts.
    mutating func dispatch(site: Int, calendar: inout EventCalendar<Event>) {
        let crewConfiguration = configuration.sites[site].technicians
        let now = calendar.now
        while crews[site].busy < crewConfiguration.count, let next = crews[site].queue.first {
            let onShift = crewConfiguration.coverage == .allHours || WorkShifts.isBusinessHours(now)
            guard onShift || crewConfiguration.onCallResponse != nil else {
                if !crews[site].shiftEventPending {
                    crews[site].shiftEventPending = true
                    calendar.schedule(.shiftStarts(site: Int32(site)), at: WorkShifts.nextShiftStart(after: now))
                }
                return
            }
            crews[site].queue.removeFirst()
            crews[site].busy += 1
            statistics.techniciansBusyChanged(site: site, busy: crews[site].busy, at: now)
            statistics.technicianQueueChanged(by: -1, at: now)
            statistics.recordTechnicianWait(now - incidents[Int(next)].queuedForTechnicianAt,
                                            failedAt: incidents[Int(next)].failedAt)
            incidents[Int(next)].dispatchedAt = now
            let response = onShift ? crewConfiguration.response : crewConfiguration.onCallResponse!
            calendar.schedule(.handsOnStarts(incident: next), after: response.sample(using: streams.response))
        }
    }

    /// The fault is cleared: capacity returns, the technician (if any) is free, and the
    /// component's failure clock restarts.
    mutating func resolve(_ index: Int32, byAutomation: Bool, calendar: inout EventCalendar<Event>) {
        let incident = incidents[Int(index)]
        let now = calendar.now
        let site = Int(incident.site)
        if let level = incident.outageLevel {
            let change = ledger.removeOutage(at: level, entity: Int(incident.outageEntity), topology: topology)
            statistics.capacityChanged(by: change, site: site, at: now, ledger: ledger)
            if change != 0 { scheduleWaitingJobs(calendar: &calendar) }
        }
        if incident.isolatesSite {
            siteIsolation[site] -= 1
            if siteIsolation[site] == 0 {
                // The management plane sees the site again: its hidden faults surface now.
                for hidden in hiddenIncidents[site] {
                    calendar.schedule(.detected(incident: hidden), after: mode(of: incidents[Int(hidden)]).detection.sample(using: streams.detection))
                }
                hiddenIncidents[site].removeAll()
                networkChanged(calendar: &calendar)
            }
        }
        statistics.recordResolution(after: now - incident.failedAt, failedAt: incident.failedAt, byAutomation: byAutomation,
                                    technicianHours: incident.dispatchedAt >= 0 ? now - incident.dispatchedAt : nil,
                                    site: site, impactedUsers: incident.impactedUsers)
        if incident.dispatchedAt >= 0 {
            crews[site].busy -= 1
            statistics.techniciansBusyChanged(site: site, busy: crews[site].busy, at: now)
            statistics.technicianHours += now - incident.dispatchedAt
        }
        let classIndex = Int(incident.componentClass), instance = Int(incident.instance)
        isFailed[classIndex][instance] = false
        close(index)
        if management != nil { managedIncidentResolved(incident, at: now, calendar: &calendar) }
        startFailureClock(classIndex: classIndex, instance: instance, calendar: &calendar)
        if incident.dispatchedAt >= 0 { dispatch(site: site, calendar: &calendar) }
    }
}
