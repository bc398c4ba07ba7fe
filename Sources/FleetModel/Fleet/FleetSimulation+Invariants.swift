import SimulationCore

/// What must hold between any two events of a fleet replication. Checked by tests and the
/// invariant soak (`fleetsim soak`), never in ordinary runs.
extension FleetSimulation: InvariantChecking {
    /// Events between two runs of the O(GPUs) checks (a recount of usable capacity, jobs on
    /// failed hardware): every event gets the O(open incidents) ones, which already catch an
    /// outage added or removed twice the moment it happens.
    func fullCheckStride() -> Int { topology.gpuCount <= 20_000 ? 97 : 1009 }

    public func invariantViolation(eventsHandled: Int) -> String? {
        let usable = ledger.totalUsable
        guard usable >= 0 && usable <= topology.gpuCount else {
            return "usable GPUs \(usable) outside 0...\(topology.gpuCount)"
        }
        // Every outage added once and removed once: the ledger holds exactly the outages of the
        // open incidents, the cordons and the upgrades in progress.
        var expected = management?.cordoned.count ?? 0
        for campaign in upgrades { expected += campaign.working.count }
        for (id, incident) in incidents.open {
            guard failures.isFailed(incident.component) else {
                return "\(id) is open but its component is not failed"
            }
            guard let level = incident.outageLevel else { continue }
            expected += 1
            if ledger.outages(at: level, entity: Int(incident.outageEntity)) == 0 {
                return "\(id)'s outage on \(level) \(incident.outageEntity) is missing from the ledger"
            }
        }
        guard ledger.outageCount == expected else {
            return "ledger holds \(ledger.outageCount) outages; open incidents, cordons and upgrades account for \(expected)"
        }
        for (site, crew) in repair.crews.enumerated() where crew.busy < 0 || crew.busy > configuration.sites[site].technicians.count {
            return "site \(site) has \(crew.busy) busy technicians of \(configuration.sites[site].technicians.count)"
        }
        if let problem = transferViolation() { return problem }
        guard eventsHandled % fullCheckStride() == 0 else { return nil }
        let recounted = ledger.recountUsable(topology)
        guard recounted == usable else { return "ledger says \(usable) usable GPUs; counted one by one, \(recounted)" }
        return jobOnFailedHardware()
    }

    /// Every transfer in flight has an owner waiting for it, and no link is over capacity.
    func transferViolation() -> String? {
        for id in transfers.active {
            switch transfers[id].purpose {
            case .checkpoint(let job, let generation):
                guard workloads.jobs[job.index].generation == generation, workloads.jobs[job.index].checkpointFlow == id else {
                    return "\(id) writes a checkpoint job \(job) no longer waits for"
                }
            case .replicaWeights(let service, let node):
                guard workloads.services[service.index].loading[node.rawValue] == id else {
                    return "\(id) pulls weights for a replica of service \(service) that is not loading"
                }
            case .alert(let incident):
                guard incidents[incident].isOpen, incidents[incident].alertTransfer == id else {
                    return "\(id) carries an alert for \(incident), which no longer waits for it"
                }
            case .upgradeImage(let campaign, let node):
                guard upgrades[campaign.index].pulling[node.rawValue] == id else {
                    return "\(id) pulls an image for node \(node), which campaign \(campaign) is not upgrading"
                }
            }
        }
        return transfers.overloadedLink()
    }

    /// A running training job holding a node that a failure has taken out, if any.
    func jobOnFailedHardware() -> String? {
        guard !workloads.nodeOwner.isEmpty else { return nil }
        for (id, incident) in incidents.open {
            guard let level = incident.outageLevel else { continue }
            let entity = Int(incident.outageEntity)
            let nodes: [Range<Int>] = switch level {
            case .gpu: [Int(topology.gpuNode[entity])..<Int(topology.gpuNode[entity]) + 1]
            case .node: [entity..<entity + 1]
            case .rack: [topology.nodes(ofRack: entity)]
            case .site: topology.siteRacks[entity].map { topology.nodes(ofRack: $0) }
            }
            for range in nodes {
                for node in range where workloads.nodeOwner[node] >= 0 && workloads.jobs[Int(workloads.nodeOwner[node])].isRunning {
                    return "job \(workloads.nodeOwner[node]) runs on node \(node), which \(id) took out"
                }
            }
        }
        return nil
    }

    /// Runs one replication as `replicate` does, checking the invariants after every event.
    /// Returns the events checked and the first violation, if any.
    public static func checkInvariants(_ topology: FleetTopology, masterSeed: UInt64, replication: Int)
        -> (eventsChecked: Int, violation: String?)
    {
        var model = InvariantCheckingModel(FleetSimulation(topology: topology, masterSeed: masterSeed, replication: replication))
        var calendar = EventCalendar<Event>(reservingCapacity: model.model.expectedPendingEvents)
        model.model.start(calendar: &calendar)
        calendar.run(&model, until: topology.configuration.horizon)
        return (model.eventsChecked, model.violation)
    }
}
