import SimulationCore
import Stochastics

// Inference services: replicas follow demand every scale interval, are lost with their nodes and
// replaced after a delay, and (if allowed) fail over away from sites cut off from the network.
// Services place replicas before training jobs and may preempt jobs of lower priority.
extension FleetSimulation {
    mutating func startServices(calendar: inout EventCalendar<Event>) {
        for index in configuration.inferenceServices.indices {
            calendar.schedule(.workloads(.serviceTick(ServiceID(index))), at: 0)
        }
    }

    /// Replicas counted as serving: those at sites the network can reach.
    func availableReplicas(_ index: Int) -> Int {
        workloads.services[index].replicas.filter { isReachable(node: Int($0[0])) && workloads.services[index].loading[$0[0]] == nil }.count
    }

    func siteOf(node: Int) -> Int { Int(topology.rackSite[Int(topology.nodeRack[node])]) }

    /// Integrates SLO violation and shortfall up to `now`, then refreshes the available count.
    mutating func accountService(_ index: Int, at now: SimTime) {
        let missing = workloads.services[index].required - workloads.services[index].available
        if missing > 0 && now > statistics.start {
            let counted = now - Swift.max(workloads.services[index].lastAccounting, statistics.start)
            workloads.services[index].sloViolationHours += counted
            workloads.services[index].shortfallReplicaHours += counted * Double(missing)
        }
        workloads.services[index].lastAccounting = now
        workloads.services[index].available = availableReplicas(index)
    }

    mutating func serviceTick(_ index: Int, calendar: inout EventCalendar<Event>) {
        accountService(index, at: calendar.now)
        workloads.services[index].required = configuration.inferenceServices[index].requiredReplicas(at: calendar.now)
        scaleService(index, calendar: &calendar)
        calendar.schedule(.workloads(.serviceTick(ServiceID(index))), after: configuration.inferenceServices[index].scaleInterval)
    }

    /// Adds or removes replicas towards the target: the required count, plus replacements for
    /// replicas at cut-off sites when failover is allowed.
    mutating func scaleService(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = configuration.inferenceServices[index]
        accountService(index, at: calendar.now)
        let (target, cutOff) = serviceTarget(index)
        var released = false
        while workloads.services[index].replicas.count + workloads.services[index].replacing > target, !workloads.services[index].replicas.isEmpty {
            // Release a cut-off replica first, else the newest.
            let victim = workloads.services[index].replicas.lastIndex { !isReachable(node: Int($0[0])) }
                ?? workloads.services[index].replicas.count - 1
            for node in workloads.services[index].replicas[victim] { workloads.nodeOwner[Int(node)] = Workloads.freeNode }
            abandonWeights(service: index, replica: workloads.services[index].replicas[victim], calendar: &calendar)
            workloads.services[index].replicas.remove(at: victim)
            released = true
        }
        let added = growService(index, to: target, calendar: &calendar)
        if spec.allowFailover { workloads.services[index].failovers += Swift.min(added, cutOff) }
        accountService(index, at: calendar.now)
        if released { scheduleWaitingJobs(calendar: &calendar) }
    }

    /// Starts replicas until the service has `target` (counting those being replaced), as far
    /// as nodes allow; returns how many started.
    mutating func growService(_ index: Int, to target: Int, calendar: inout EventCalendar<Event>) -> Int {
        var added = 0
        while workloads.services[index].replicas.count + workloads.services[index].replacing < target,
              let nodes = placeReplica(index, calendar: &calendar) {
            for node in nodes { workloads.nodeOwner[node] = Workloads.serviceOwner(index) }
            workloads.services[index].replicas.append(nodes.map(Int32.init))
            pullWeights(service: index, firstNode: nodes[0], calendar: &calendar)
            added += 1
        }
        if added > 0 { accountService(index, at: calendar.now) }
        return added
    }

    /// Before training jobs get nodes, services short of their target take them.
    mutating func growServices(calendar: inout EventCalendar<Event>) {
        for index in workloads.services.indices {
            let (target, cutOff) = serviceTarget(index)
            let added = growService(index, to: target, calendar: &calendar)
            if configuration.inferenceServices[index].allowFailover { workloads.services[index].failovers += Swift.min(added, cutOff) }
        }
    }

    /// Replicas a service should hold — the required count, plus stand-ins for replicas at
    /// cut-off sites when failover is allowed — and how many of its replicas are cut off.
    func serviceTarget(_ index: Int) -> (target: Int, cutOff: Int) {
        let cutOff = workloads.services[index].replicas.count { !isReachable(node: Int($0[0])) }
        return (workloads.services[index].required + (configuration.inferenceServices[index].allowFailover ? cutOff : 0), cutOff)
    }

    /// Healthy free nodes for one replica at a reachable site, preempting lower-priority
    /// training jobs if need be.
    mutating func placeReplica(_ index: Int, calendar: inout EventCalendar<Event>) -> [Int]? {
        let spec = configuration.inferenceServices[index]
        let count = spec.gpusPerReplica / topology.gpusPerNode
        var free = [Bool](repeating: false, count: topology.nodeCount)
        for node in free.indices where workloads.nodeOwner[node] == Workloads.freeNode && isReachable(node: node) {
            free[node] = ledger.isFullyUsable(node: node, topology: topology)
        }
        if let nodes = JobPlacement.find(count: count, gpusPerNode: topology.gpusPerNode, allowCrossSite: false,
                                         topology: topology, isFree: { free[$0] }) {
            return nodes
        }
        return preemptJobs(forNodes: count, priority: spec.priority, allowCrossSite: false, free: &free, calendar: &calendar)
    }

    /// A replica's node failed: the replica is lost; a replacement comes after the delay.
    mutating func loseReplica(holding node: Int, calendar: inout EventCalendar<Event>) {
        let index = Int(-2 - workloads.nodeOwner[node])
        guard let replica = workloads.services[index].replicas.firstIndex(where: { $0.contains(Int32(node)) }) else { return }
        accountService(index, at: calendar.now)
        for held in workloads.services[index].replicas[replica] { workloads.nodeOwner[Int(held)] = Workloads.freeNode }
        abandonWeights(service: index, replica: workloads.services[index].replicas[replica], calendar: &calendar)
        workloads.services[index].replicas.remove(at: replica)
        workloads.services[index].replicaLosses += 1
        workloads.services[index].replacing += 1
        accountService(index, at: calendar.now)
        let delay = configuration.inferenceServices[index].rescheduleDelay.sample(using: streams.jobs)
        calendar.schedule(.workloads(.serviceReplacement(ServiceID(index))), after: delay)
    }

    mutating func replaceReplica(_ index: Int, calendar: inout EventCalendar<Event>) {
        workloads.services[index].replacing -= 1
        scaleService(index, calendar: &calendar)
    }
}

extension FleetSimulation {
    /// Closes the services' accounts at the end of the run.
    mutating func closeServiceAccounts(at end: SimTime) {
        for index in workloads.services.indices { accountService(index, at: end) }
    }
}

// Replicas started during the run pull their model's weights over their site's WAN uplink
// before serving: a failover to another site is as fast as that site's WAN lets it be.
extension FleetSimulation {
    mutating func pullWeights(service index: Int, firstNode: Int, calendar: inout EventCalendar<Event>) {
        guard calendar.now > 0, configuration.network != nil,
              let gigabytes = configuration.inferenceServices[index].weightsGigabytes else { return }
        let purpose = FlowNetwork.Purpose.replicaWeights(ServiceID(index), node: NodeID(firstNode))
        let id = startTransfer(path: NetworkConfiguration.registryPath(site: siteOf(node: firstNode)), gigabits: gigabytes * 8,
                               purpose: purpose, calendar: &calendar)
        workloads.services[index].loading[Int32(firstNode)] = id
    }

    /// The replica's weights are in: it serves from now on.
    mutating func weightsLoaded(service index: Int, node: Int32, transfer: FlowID, hours: Double,
                                calendar: inout EventCalendar<Event>) {
        guard workloads.services[index].loading[node] == transfer else { return }
        workloads.services[index].loading[node] = nil
        if calendar.now >= statistics.start { workloads.services[index].weightLoadHours.append(hours) }
        accountService(index, at: calendar.now)
    }

    /// A replica released or lost while still loading: its transfer stops.
    mutating func abandonWeights(service index: Int, replica: [Int32], calendar: inout EventCalendar<Event>) {
        guard let first = replica.first, let id = workloads.services[index].loading.removeValue(forKey: first) else { return }
        abandonTransfer(id, calendar: &calendar)
    }
}
