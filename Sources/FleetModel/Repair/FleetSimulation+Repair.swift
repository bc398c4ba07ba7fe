import SimulationCore
import Stochastics

// The repair pipeline: detection, remediation steps, then parts, then technicians, then repair.
extension FleetSimulation {
    mutating func handle(_ event: RepairEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .detected(let incident):
            detect(incident, calendar: &calendar)
        case .diagnosed(let incident):
            startNextRemediationStep(incident, calendar: &calendar)
        case .remediationFinished(let incident):
            finishRemediationStep(incident, calendar: &calendar)
        case .handsOnStarts(let incident):
            calendar.schedule(.repair(.repaired(incident)), after: repairTime(of: incident))
        case .repaired(let incident):
            resolve(incident, byAutomation: false, calendar: &calendar)
        case .partsArrive(let site, let part):
            receiveParts(site: site, part: Int(part), calendar: &calendar)
        case .shiftStarts(let site):
            repair.crews[site.index].shiftEventPending = false
            dispatch(site: site, calendar: &calendar)
        }
    }

    /// The incident's failure mode, read in place (see `FleetConfiguration[failureMode:ofClass:]`).
    subscript(modeOf incident: Incident) -> FailureMode {
        _read { yield configuration[failureMode: Int(incident.mode), ofClass: incident.component.classIndex] }
    }

    mutating func detect(_ id: IncidentID, calendar: inout EventCalendar<Event>) {
        let incident = incidents[id]
        // A site cut off from the management plane hides its faults (but not the cut itself).
        if !network.isReachable(incident.site) && !incident.isolatesSite {
            network.hide(id, at: incident.site)
            return
        }
        statistics.recordDetection(after: calendar.now - incident.failedAt, failedAt: incident.failedAt)
        let classIndex = incident.component.classIndex
        if configuration.componentClasses[classIndex].repairedBy == .provider {
            calendar.schedule(.repair(.repaired(id)), after: repairTime(of: id))
            return
        }
        if management != nil {
            alert(id, mayBeMissed: true, calendar: &calendar)
            return
        }
        if case .deterministic(0) = configuration.componentClasses[classIndex].diagnosis {
            startNextRemediationStep(id, calendar: &calendar)
        } else {
            calendar.schedule(.repair(.diagnosed(id)),
                              after: configuration.componentClasses[classIndex].diagnosis.sample(using: streams.diagnosis))
        }
    }

    /// The repair time a trace fixed for the incident, else a draw from its class.
    func repairTime(of id: IncidentID) -> Double {
        let incident = incidents[id]
        if !incident.repairTime.isNaN { return incident.repairTime }
        return configuration.componentClasses[incident.component.classIndex].repairTime.sample(using: streams.repair)
    }

    mutating func startNextRemediationStep(_ id: IncidentID, calendar: inout EventCalendar<Event>) {
        let incident = incidents[id]
        guard Int(incident.nextStep) < self[modeOf: incident].remediation.count else {
            escalateToHands(id, calendar: &calendar)
            return
        }
        let duration = configuration.remediationSteps[self[modeOf: incident].remediation[Int(incident.nextStep)]].duration
        statistics.remediationAttempts += 1
        calendar.schedule(.repair(.remediationFinished(id)), after: duration.sample(using: streams.remediation))
    }

    mutating func finishRemediationStep(_ id: IncidentID, calendar: inout EventCalendar<Event>) {
        let incident = incidents[id]
        let step = self[modeOf: incident].remediation[Int(incident.nextStep)]
        if streams.remediation.bernoulli(repair.stepSuccess[step][self[modeOf: incident].fault.slot]) {
            resolve(id, byAutomation: true, calendar: &calendar)
        } else {
            incidents[id].nextStep += 1
            startNextRemediationStep(id, calendar: &calendar)
        }
    }

    /// Hands-on work: a hard fault first needs its part (waiting if the site is out of stock).
    mutating func escalateToHands(_ id: IncidentID, calendar: inout EventCalendar<Event>) {
        let incident = incidents[id]
        let site = incident.site
        let classIndex = incident.component.classIndex
        if repair.partOfClass[classIndex] >= 0, self[modeOf: incident].fault == .hard {
            statistics.partsReplaced += 1
            if incident.failedAt >= statistics.start { statistics.partsConsumedByClass[classIndex] += 1 }
            if let stock = repair.stock(site: site, classIndex: classIndex) {
                if repair.stocks[stock].onHand > 0 {
                    repair.stocks[stock].onHand -= 1
                    reorderIfNeeded(site: site, stock: stock, calendar: &calendar)
                } else {
                    statistics.recordStockout(site: site.index)
                    incidents[id].waitingForPartSince = calendar.now
                    incidents.append(id, to: &repair.stocks[stock].waiting)
                    reorderIfNeeded(site: site, stock: stock, calendar: &calendar)
                    return
                }
            }
        }
        enqueueForTechnician(id, site: site, at: calendar.now)
        dispatch(site: site, calendar: &calendar)
    }

    mutating func enqueueForTechnician(_ id: IncidentID, site: SiteID, at now: SimTime) {
        incidents[id].queuedForTechnicianAt = now
        incidents.append(id, to: &repair.crews[site.index].queue)
        statistics.technicianQueueChanged(by: 1, at: now)
    }

    /// Orders the part of stock `stock` (an index of `repair.stocks`) at `site` when
    /// it is at or below its reorder point and nothing is on order.
    mutating func reorderIfNeeded(site: SiteID, stock: Int, calendar: inout EventCalendar<Event>) {
        guard !repair.stocks[stock].onOrder,
              repair.stocks[stock].onHand <= repair.stocks[stock].reorderPoint else { return }
        repair.stocks[stock].onOrder = true
        let spare = repair.stocks[stock].spare
        calendar.schedule(.repair(.partsArrive(site: site, part: Int32(repair.part(ofStock: stock)))),
                          after: configuration.sites[site.index].spares[Int(spare)].leadTime.sample(using: streams.logistics))
    }

    mutating func receiveParts(site: SiteID, part: Int, calendar: inout EventCalendar<Event>) {
        let stock = repair.stockIndex(site: site, part: part)
        let spare = Int(repair.stocks[stock].spare)
        repair.stocks[stock].onOrder = false
        repair.stocks[stock].onHand += configuration.sites[site.index].spares[spare].reorderQuantity
        while repair.stocks[stock].onHand > 0, let waiting = incidents.popFirst(of: &repair.stocks[stock].waiting) {
            repair.stocks[stock].onHand -= 1
            statistics.recordPartWait(calendar.now - incidents[waiting].waitingForPartSince)
            enqueueForTechnician(waiting, site: site, at: calendar.now)
        }
        reorderIfNeeded(site: site, stock: stock, calendar: &calendar)
        dispatch(site: site, calendar: &calendar)
    }

    /// Sends free technicians to waiting incidents, first come first served, when a shift is on
    /// (or someone is on call); otherwise arranges to try again when the next shift starts.
    mutating func dispatch(site: SiteID, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        while repair.crews[site.index].busy < repair.crews[site.index].size, let next = repair.crews[site.index].queue.first {
            let crew = repair.crews[site.index]
            let onShift = crew.worksAllHours || WorkShifts.isBusinessHours(now)
            guard onShift || crew.hasOnCall else {
                if !crew.shiftEventPending {
                    repair.crews[site.index].shiftEventPending = true
                    calendar.schedule(.repair(.shiftStarts(site: site)), at: WorkShifts.nextShiftStart(after: now))
                }
                return
            }
            _ = incidents.popFirst(of: &repair.crews[site.index].queue)
            repair.crews[site.index].busy += 1
            statistics.techniciansBusyChanged(site: site.index, busy: Int(repair.crews[site.index].busy), at: now)
            statistics.technicianQueueChanged(by: -1, at: now)
            statistics.recordTechnicianWait(now - incidents[next].queuedForTechnicianAt, failedAt: incidents[next].failedAt)
            incidents[next].dispatchedAt = now
            let response = onShift ? crew.response : configuration.sites[site.index].technicians.onCallResponse ?? crew.response
            calendar.schedule(.repair(.handsOnStarts(next)), after: response.sample(using: streams.response))
        }
    }

    /// The fault is cleared: capacity returns, the technician (if any) is free, and the
    /// component's failure clock restarts.
    mutating func resolve(_ id: IncidentID, byAutomation: Bool, calendar: inout EventCalendar<Event>) {
        let incident = incidents[id]
        let now = calendar.now
        let site = incident.site
        // The component's record and the crew's, hinted now so that their cache misses overlap
        // the ledger's instead of each stalling in turn (see `Array.prefetch`).
        failures.prefetchForRepair(incident.component)
        if incident.dispatchedAt >= 0 { repair.crews.prefetch(site.index) }
        if let level = incident.outageLevel {
            let change = ledger.removeOutage(at: level, entity: Int(incident.outageEntity), topology: topology)
            statistics.capacityChanged(by: change, site: site.index, at: now, ledger: ledger)
            if change != 0 { scheduleWaitingJobs(calendar: &calendar) }
        }
        if incident.isolatesSite { reconnect(site, calendar: &calendar) }
        if configuration.network != nil && !incident.isPrecursor { linkComponentChanged(incident, down: false, calendar: &calendar) }
        statistics.recordResolution(after: now - incident.failedAt, failedAt: incident.failedAt, byAutomation: byAutomation,
                                    technicianHours: incident.dispatchedAt >= 0 ? now - incident.dispatchedAt : nil,
                                    site: site.index, impactedUsers: incident.impactedUsers)
        if incident.dispatchedAt >= 0 {
            repair.crews[site.index].busy -= 1
            statistics.techniciansBusyChanged(site: site.index, busy: Int(repair.crews[site.index].busy), at: now)
            statistics.technicianHours += now - incident.dispatchedAt
        }
        failures.markRepaired(incident.component)
        noteResolved(incident, at: now)
        dropAlertInFlight(id, calendar: &calendar)
        incidents.close(id)
        if management != nil { managedIncidentResolved(incident, at: now, calendar: &calendar) }
        startFailureClock(incident.component, calendar: &calendar)
        if incident.dispatchedAt >= 0 { dispatch(site: site, calendar: &calendar) }
    }
}
