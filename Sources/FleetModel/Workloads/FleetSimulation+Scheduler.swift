import SimulationCore

// The scheduler: which waiting job gets nodes, in priority order then submission order (FIFO),
// within tenant quotas, with preemption of lower-priority jobs and EASY backfill.
//
// When the job at the head of the queue cannot start, it may preempt running jobs of lower
// priority (lowest priority first, most recently started first) if that frees room for it;
// otherwise it gets a reservation: the earliest time enough nodes free up as running jobs finish
// (their remaining work, checkpoints and restart as planned, failures not foreseen). Later jobs
// may start now only if they finish before that time or fit in the nodes the head will not need
// (EASY backfill, Lifka 1995), so backfilling never delays the head — exactly so in runs without
// failures, where the plan is the outcome. Reservations count nodes, not their racks: a job that
// needs one NVLink domain may still wait beyond its reservation.
//
// Each pass looks at the first `backfillDepth` waiting jobs only, as Slurm's backfill scheduler
// does (`bf_max_job_test`, 500 by default): a queue that keeps growing then costs a bounded pass
// per event, not one proportional to its length.
extension FleetSimulation {
    static let backfillDepth = 500

    mutating func scheduleWaitingJobs(calendar: inout EventCalendar<Event>) {
        growServices(calendar: &calendar)
        guard !workloads.waitingJobs.isEmpty else { return }
        let now = calendar.now
        var free = [Bool](repeating: false, count: topology.nodeCount)
        for node in free.indices where workloads.nodeOwner[node] == Workloads.freeNode { free[node] = ledger.isFullyUsable(node: node, topology: topology) }
        // Free nodes, kept as jobs start: a job needing more cannot be placed, and once none is
        // free and the head holds a reservation, no later job can start (a long queue then costs
        // one pass, not a placement search per waiting job).
        var freeCount = free.count { $0 }
        var tenantGPUs = currentTenantGPUs()

        var shadow: (time: SimTime, extraNodes: Int)?
        // A snapshot: starting a job takes it out of `waitingJobs`.
        for index in workloads.waitingJobs.prefix(Self.backfillDepth).map(Int.init) {
            let spec = workloads.jobSpecs[index]
            if let quota = configuration.tenants[spec.tenant].quotaGPUs, tenantGPUs[spec.tenant] + spec.gpus > quota { continue }
            let needed = nodesNeeded(spec)
            if let reservation = shadow {
                if freeCount == 0 { break }
                // Backfill: only if it cannot delay the head's reservation.
                guard needed <= freeCount else { continue }
                let end = now + expectedRemaining(of: index, at: now)
                guard end <= reservation.time || needed <= reservation.extraNodes,
                      let nodes = place(spec, in: free) else { continue }
                if end > reservation.time { shadow = (reservation.time, reservation.extraNodes - needed) }
                start(index, on: nodes, free: &free, tenantGPUs: &tenantGPUs, calendar: &calendar)
                freeCount -= nodes.count
                continue
            }
            if needed <= freeCount, let nodes = place(spec, in: free) {
                start(index, on: nodes, free: &free, tenantGPUs: &tenantGPUs, calendar: &calendar)
                freeCount -= nodes.count
            } else if let nodes = preemptJobs(forNodes: needed, priority: spec.priority, allowCrossSite: spec.allowCrossSite,
                                              free: &free, calendar: &calendar) {
                tenantGPUs = currentTenantGPUs()
                start(index, on: nodes, free: &free, tenantGPUs: &tenantGPUs, calendar: &calendar)
                freeCount = free.count { $0 }
            } else {
                let reservation = self.reservation(nodes: needed, free: freeCount, at: now)
                workloads.jobs[index].reservation = workloads.jobs[index].reservation ?? reservation.time
                shadow = reservation
            }
        }
    }

    func place(_ spec: TrainingJobSpec, in free: [Bool]) -> [Int]? {
        JobPlacement.find(count: nodesNeeded(spec), gpusPerNode: topology.gpusPerNode,
                          allowCrossSite: spec.allowCrossSite, topology: topology, isFree: { free[$0] })
    }

    mutating func start(_ index: Int, on nodes: [Int], free: inout [Bool], tenantGPUs: inout [Int],
                        calendar: inout EventCalendar<Event>) {
        for node in nodes {
            workloads.nodeOwner[node] = Int32(index)
            free[node] = false
        }
        workloads.jobs[index].nodes = nodes.map(Int32.init)
        tenantGPUs[workloads.jobSpecs[index].tenant] += workloads.jobSpecs[index].gpus
        startRestart(index, calendar: &calendar)
    }

    /// GPUs each tenant's jobs hold now.
    func currentTenantGPUs() -> [Int] {
        var held = Array(repeating: 0, count: configuration.tenants.count)
        for index in workloads.holdingJobs { held[workloads.jobSpecs[Int(index)].tenant] += workloads.jobSpecs[Int(index)].gpus }
        return held
    }

    /// Preempts the fewest jobs of lower priority than `priority` (lowest priority, most recently
    /// started first) whose nodes make room for `count` nodes; returns those nodes, or `nil`
    /// (preempting nobody).
    mutating func preemptJobs(forNodes count: Int, priority: Int, allowCrossSite: Bool, free: inout [Bool],
                              calendar: inout EventCalendar<Event>) -> [Int]? {
        let victims = workloads.holdingJobs.map(Int.init)
            .filter { workloads.jobSpecs[$0].priority < priority }
            .sorted { (workloads.jobSpecs[$0].priority, -(workloads.jobs[$0].startedAt ?? 0)) < (workloads.jobSpecs[$1].priority, -(workloads.jobs[$1].startedAt ?? 0)) }
        var trial = free
        var chosen: [Int] = []
        for victim in victims {
            for node in workloads.jobs[victim].nodes where ledger.isFullyUsable(node: Int(node), topology: topology) { trial[Int(node)] = true }
            chosen.append(victim)
            guard let nodes = JobPlacement.find(count: count, gpusPerNode: topology.gpusPerNode, allowCrossSite: allowCrossSite,
                                                topology: topology, isFree: { trial[$0] }) else { continue }
            for victim in chosen {
                statistics.preemptions += 1
                interrupt(victim, cause: preemptionCause, calendar: &calendar)
            }
            free = trial
            return nodes
        }
        return nil
    }

    /// The earliest time `nodes` nodes are free if running jobs end as planned, and how many
    /// nodes beyond those will be free then.
    func reservation(nodes needed: Int, free: Int, at now: SimTime) -> (time: SimTime, extraNodes: Int) {
        let ends = workloads.holdingJobs.map(Int.init)
            .map { (end: now + expectedRemaining(of: $0, at: now), nodes: workloads.jobs[$0].nodes.count) }
            .sorted { $0.end < $1.end }
        var available = free
        for end in ends where end.end.isFinite {
            available += end.nodes
            if available >= needed { return (end.end, available - needed) }
        }
        return (.infinity, Swift.max(0, free - needed))
    }

    /// Hours until job `index` completes if nothing fails: the rest of its current phase, its
    /// remaining work, and the blocking checkpoints between (and a restart, if not yet running).
    func expectedRemaining(of index: Int, at now: SimTime) -> SimTime {
        let spec = workloads.jobSpecs[index], job = workloads.jobs[index]
        guard let work = spec.work else { return .infinity }
        let write = spec.checkpointMode == .blocking ? spec.checkpointWrite : 0
        func afterProgress(_ progress: SimTime) -> SimTime {
            let left = Swift.max(0, work - progress)
            let checkpoints = Swift.max(0, (left / spec.checkpointInterval - 1e-9).rounded(.up) - 1)
            return left + checkpoints * write
        }
        switch job.phase {
        case .working:
            let segmentEnd = job.phaseStart + job.segment
            let progressAtEnd = job.progressAtSegmentStart + job.segment
            return progressAtEnd >= work - 1e-9 ? segmentEnd - now : segmentEnd - now + write + afterProgress(progressAtEnd)
        case .checkpointing:
            return job.phaseStart + write - now + afterProgress(job.progressAtSegmentStart)
        case .restarting:
            return Swift.max(0, job.phaseStart + spec.restartOverhead.mean - now) + afterProgress(job.committed)
        case .downtime:
            return spec.rescheduleDelay.mean + spec.restartOverhead.mean + afterProgress(job.committed)
        case .pending, .waiting:
            return spec.restartOverhead.mean + afterProgress(job.committed)
        case .done:
            return 0
        }
    }
}
