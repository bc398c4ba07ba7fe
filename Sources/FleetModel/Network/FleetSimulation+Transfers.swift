import SimulationCore

// Transfers over the network: opening one, its end, and what capacity changes do to the rest.
// Every change reallocates the rates of all flows in progress and reschedules their ends.
extension FleetSimulation {
    mutating func handle(_ event: NetworkEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .transferDone(let id, let generation):
            guard transfers[id].isActive, transfers[id].generation == generation else { return }
            finishTransfer(id, calendar: &calendar)
        }
    }

    mutating func startTransfer(path: LinkPath, gigabits: Double, purpose: FlowNetwork.Purpose,
                                calendar: inout EventCalendar<Event>) -> FlowID {
        transfers.advance(to: calendar.now)
        let id = transfers.open(path: path, gigabits: gigabits, purpose: purpose, at: calendar.now)
        reallocateTransfers(calendar: &calendar)
        return id
    }

    /// Stops a transfer whose owner no longer needs it (a job interrupted mid-checkpoint).
    mutating func abandonTransfer(_ id: FlowID, calendar: inout EventCalendar<Event>) {
        transfers.advance(to: calendar.now)
        if let pending = transfers.close(id) { _ = calendar.cancel(pending) }
        reallocateTransfers(calendar: &calendar)
    }

    mutating func finishTransfer(_ id: FlowID, calendar: inout EventCalendar<Event>) {
        transfers.advance(to: calendar.now)
        let flow = transfers[id]
        _ = transfers.close(id)
        reallocateTransfers(calendar: &calendar)
        let hours = calendar.now - flow.startedAt
        switch flow.purpose {
        case .checkpoint(let job, let generation):
            transfers.recordCheckpoint(hours: hours, uncontendedHours: flow.uncontendedHours)
            checkpointTransferred(job.index, generation: generation, calendar: &calendar)
        case .replicaWeights(let service, let node):
            weightsLoaded(service: service.index, node: node.rawValue, transfer: id, hours: hours, calendar: &calendar)
        case .upgradeImage(let campaign, let node):
            imagePulled(campaign: campaign.index, node: node.rawValue, transfer: id, hours: hours, calendar: &calendar)
        case .alert(let incident):
            alertArrived(incident, transfer: id, hours: hours, calendar: &calendar)
        }
    }

    mutating func reallocateTransfers(calendar: inout EventCalendar<Event>) {
        transfers.reallocate(at: calendar.now)
        for (id, hours) in transfers.completions {
            if let pending = transfers[id].completion { _ = calendar.cancel(pending) }
            let handle = hours.isFinite
                ? calendar.schedule(.network(.transferDone(id, generation: transfers[id].generation)), after: hours) : nil
            transfers.setCompletion(id, handle)
        }
    }

    /// A failure (or its repair) of a component whose class the network maps to a link of its
    /// site: the link loses (or regains) that component's share of its capacity.
    mutating func linkComponentChanged(_ incident: Incident, down: Bool, calendar: inout EventCalendar<Event>) {
        guard let failure = configuration.network?.linkFailures[incident.component.classIndex] else { return }
        let link = NetworkConfiguration.link(site: incident.site.index, kind: failure.link)
        let instances = topology.siteInstances[incident.component.classIndex][incident.site.index].count
        transfers.advance(to: calendar.now)
        transfers.changeCapacity(of: link, share: failure.capacityLoss / Double(max(1, instances)), down: down)
        reallocateTransfers(calendar: &calendar)
    }

    /// Seconds of one-way latency on paths through `site`, in hours.
    func pathLatencyHours(site: Int) -> Double {
        (configuration.network?.sites[site].latencySeconds ?? 0) / 3600
    }
}
