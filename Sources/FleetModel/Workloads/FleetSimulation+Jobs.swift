import SimulationCore
import Stochastics

// Training jobs on the fleet: their life from submission to completion — checkpoints, restarts,
// and interruption by any fault inside the allocation. Which job gets nodes is the scheduler's
// business (FleetSimulation+Scheduler.swift).
extension FleetSimulation {
    /// Cause indices after the component classes: the job's own failures, then preemption.
    var jobFailureCause: Int { configuration.componentClasses.count }
    var preemptionCause: Int { configuration.componentClasses.count + 1 }
    static let extraCauses = ["job_software", "preemption"]

    mutating func scheduleJobSources(calendar: inout EventCalendar<Event>) {
        for (index, spec) in jobSpecs.enumerated() {
            calendar.schedule(.job(index: Int32(index), generation: 0, kind: .submitted), at: spec.submitAt)
        }
        for (index, process) in configuration.jobArrivals.enumerated() {
            calendar.schedule(.jobArrival(process: Int32(index)), after: streams.jobArrivals.exponential(mean: process.meanInterarrival))
        }
    }

    /// A Poisson arrival: a new job from the process's template, and the next arrival.
    mutating func arrive(process index: Int, calendar: inout EventCalendar<Event>) {
        let process = configuration.jobArrivals[index]
        if let until = process.until, calendar.now > until { return }
        var spec = process.template
        spec.gpus = process.gpuChoices[topology.arrivalSizeChoice[index].draw(using: streams.jobArrivals)]
        spec.work = process.work.sample(using: streams.jobArrivals)
        spec.submitAt = calendar.now
        spec.name = "\(process.name)-\(jobSpecs.count + 1)"
        jobSpecs.append(spec)
        jobs.append(TrainingJobState(causes: configuration.componentClasses.count + Self.extraCauses.count))
        submit(jobs.count - 1, calendar: &calendar)
        calendar.schedule(.jobArrival(process: Int32(index)), after: streams.jobArrivals.exponential(mean: process.meanInterarrival))
    }

    mutating func submit(_ index: Int, calendar: inout EventCalendar<Event>) {
        enterPhase(.waiting, job: index, at: calendar.now)
        scheduleWaitingJobs(calendar: &calendar)
    }

    mutating func handleJobEvent(_ index: Int, generation: UInt32, kind: TrainingJobEvent,
                                 calendar: inout EventCalendar<Event>) {
        guard jobs[index].generation == generation else { return }
        switch kind {
        case .submitted:
            submit(index, calendar: &calendar)
        case .phaseEnds:
            endPhase(index, calendar: &calendar)
        case .checkpointCommitted:
            if let progress = jobs[index].inFlightCheckpoint {
                jobs[index].committed = progress
                jobs[index].inFlightCheckpoint = nil
            }
        case .jobFailure:
            interrupt(index, cause: jobFailureCause, calendar: &calendar)
        }
    }

    /// Books the time spent in the phase being left, then enters `phase`.
    mutating func enterPhase(_ phase: TrainingJobState.Phase, job index: Int, at now: SimTime) {
        let elapsed = now - jobs[index].phaseStart
        if jobs[index].holdsNodes { jobs[index].heldTime += elapsed }
        if let cause = jobs[index].recoveringFrom, jobs[index].phase == .downtime || jobs[index].phase == .restarting {
            jobs[index].lostByCause[cause] += elapsed
        }
        if phase == .working || phase == .done { jobs[index].recoveringFrom = nil }
        switch jobs[index].phase {
        case .waiting: jobs[index].waitingTime += elapsed
        case .downtime: jobs[index].downtime += elapsed
        case .restarting: jobs[index].restartTime += elapsed
        case .checkpointing: jobs[index].checkpointTime += elapsed
        case .pending, .working, .done: break
        }
        let wasHolding = jobs[index].holdsNodes, wasWaiting = jobs[index].phase == .waiting
        jobs[index].phase = phase
        jobs[index].phaseStart = now
        // The scheduler's lists change only here, kept sorted, so that it never filters or
        // sorts every job of a long trace: the jobs holding nodes by index, the waiting ones in
        // scheduling order (priority, then submission, then index).
        if wasHolding != jobs[index].holdsNodes {
            Self.setMembership(of: index, in: &holdingJobs, present: jobs[index].holdsNodes) { $0 < $1 }
        }
        if wasWaiting != (phase == .waiting) {
            let specs = jobSpecs
            Self.setMembership(of: index, in: &waitingJobs, present: phase == .waiting) { a, b in
                (-specs[a].priority, specs[a].submitAt, a) < (-specs[b].priority, specs[b].submitAt, b)
            }
        }
    }

    /// Inserts `index` into, or removes it from, `list`, kept sorted by `precedes` (a strict
    /// total order on jobs).
    static func setMembership(of index: Int, in list: inout [Int32], present: Bool, precedes: (Int, Int) -> Bool) {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(Int(list[middle]), index) { low = middle + 1 } else { high = middle }
        }
        if present {
            list.insert(Int32(index), at: low)
        } else if low < list.count && list[low] == Int32(index) {
            list.remove(at: low)
        }
    }

    mutating func schedulePhaseEnd(_ index: Int, after delay: SimTime, calendar: inout EventCalendar<Event>) {
        calendar.schedule(.job(index: Int32(index), generation: jobs[index].generation, kind: .phaseEnds), after: delay)
    }

    mutating func endPhase(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = jobSpecs[index]
        let now = calendar.now
        switch jobs[index].phase {
        case .downtime:
            let healthy = jobs[index].nodes.filter { ledger.isFullyUsable(node: Int($0), topology: topology) }
            if healthy.count >= nodesNeeded(spec) - spec.hotSpareNodes {
                startRestart(index, calendar: &calendar)  // hot spares cover the loss
            } else {
                release(index)
                submit(index, calendar: &calendar)
            }
        case .restarting:
            startSegment(index, calendar: &calendar)
        case .working:
            let progress = jobs[index].progressAtSegmentStart + jobs[index].segment
            jobs[index].progressAtSegmentStart = progress
            let finished = spec.work.map { progress >= $0 - 1e-9 } ?? false
            if finished {
                jobs[index].committed = progress
                complete(index, calendar: &calendar)
                return
            }
            switch spec.checkpointMode {
            case .blocking:
                enterPhase(.checkpointing, job: index, at: now)
                schedulePhaseEnd(index, after: spec.checkpointWrite, calendar: &calendar)
            case .async:
                // The snapshot commits after the write, if nothing fails first; one write at a
                // time (the scenario loader requires write < interval).
                jobs[index].inFlightCheckpoint = progress
                calendar.schedule(.job(index: Int32(index), generation: jobs[index].generation, kind: .checkpointCommitted),
                                  after: spec.checkpointWrite)
                startSegment(index, calendar: &calendar)
            }
        case .checkpointing:
            jobs[index].committed = jobs[index].progressAtSegmentStart
            startSegment(index, calendar: &calendar)
        case .pending, .waiting, .done:
            preconditionFailure("job \(index) has no timed phase to end in \(jobs[index].phase)")
        }
    }

    mutating func startSegment(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = jobSpecs[index]
        enterPhase(.working, job: index, at: calendar.now)
        let remaining = spec.work.map { $0 - jobs[index].progressAtSegmentStart } ?? .infinity
        jobs[index].segment = Swift.min(spec.checkpointInterval, remaining)
        schedulePhaseEnd(index, after: jobs[index].segment, calendar: &calendar)
    }

    /// Starts (or restarts) the job on the nodes it holds: reload, then compute.
    mutating func startRestart(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = jobSpecs[index]
        enterPhase(.restarting, job: index, at: calendar.now)
        if jobs[index].startedAt == nil {
            jobs[index].startedAt = calendar.now
            if let promised = jobs[index].reservation, calendar.now > promised + 1e-6 { statistics.reservationsMissed += 1 }
        }
        schedulePhaseEnd(index, after: spec.restartOverhead.sample(using: streams.jobs), calendar: &calendar)
        if let failures = spec.jobFailures {
            calendar.schedule(.job(index: Int32(index), generation: jobs[index].generation, kind: .jobFailure),
                              after: failures.sample(using: streams.jobs))
        }
    }

    mutating func complete(_ index: Int, calendar: inout EventCalendar<Event>) {
        enterPhase(.done, job: index, at: calendar.now)
        jobs[index].completedAt = calendar.now
        jobs[index].generation &+= 1
        release(index)
        scheduleWaitingJobs(calendar: &calendar)
    }

    /// A fault (of component class `cause`, the job's own, or a preemption) stops the job: work
    /// since the last checkpoint is lost and nodes that are no longer healthy leave the
    /// allocation. A failed job goes through the reschedule delay; a preempted one straight back
    /// to the queue.
    mutating func interrupt(_ index: Int, cause: Int, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        for node in jobs[index].nodes where !ledger.isFullyUsable(node: Int(node), topology: topology) {
            nodeOwner[Int(node)] = Self.freeNode
        }
        jobs[index].nodes.removeAll { nodeOwner[Int($0)] != Int32(index) }
        guard jobs[index].isRunning || cause == preemptionCause else { return }
        if jobs[index].isRunning {
            jobs[index].interruptions[cause] += 1
            jobs[index].firstInterruptionAt = jobs[index].firstInterruptionAt ?? now
            let progress = jobs[index].phase == .working ? jobs[index].progress(at: now) : jobs[index].progressAtSegmentStart
            jobs[index].lostWork += progress - jobs[index].committed
            jobs[index].lostByCause[cause] += progress - jobs[index].committed
        }
        jobs[index].progressAtSegmentStart = jobs[index].committed
        jobs[index].inFlightCheckpoint = nil
        jobs[index].generation &+= 1
        if cause == preemptionCause {
            release(index)
            enterPhase(.waiting, job: index, at: now)  // the caller reschedules the queue
            jobs[index].recoveringFrom = cause
            return
        }
        enterPhase(.downtime, job: index, at: now)
        jobs[index].recoveringFrom = cause
        schedulePhaseEnd(index, after: jobSpecs[index].rescheduleDelay.sample(using: streams.jobs), calendar: &calendar)
    }

    static let freeNode: Int32 = -1
    static func serviceOwner(_ service: Int) -> Int32 { -2 - Int32(service) }

    /// Interrupts every job, and loses every inference replica, with a node inside the outage.
    /// Returns whether users felt it: a running job interrupted, or a service left below what
    /// its demand requires.
    @discardableResult
    mutating func interruptJobs(outageLevel level: Level, entity: Int, cause: Int, calendar: inout EventCalendar<Event>) -> Bool {
        guard !nodeOwner.isEmpty else { return false }
        var hit: [Int] = []
        var lostReplicaNodes: [Int] = []
        func visit(node: Int) {
            let owner = Int(nodeOwner[node])
            if owner >= 0 && !hit.contains(owner) { hit.append(owner) }
            if owner <= -2 { lostReplicaNodes.append(node) }
        }
        switch level {
        case .gpu: visit(node: Int(topology.gpuNode[entity]))
        case .node: visit(node: entity)
        case .rack: topology.nodes(ofRack: entity).forEach(visit)
        case .site: topology.siteRacks[entity].forEach { topology.nodes(ofRack: $0).forEach(visit) }
        }
        let felt = hit.contains { jobs[$0].isRunning }
        for job in hit { interrupt(job, cause: cause, calendar: &calendar) }
        var belowRequired = false
        for node in lostReplicaNodes {
            let service = Int(-2 - nodeOwner[node])
            loseReplica(holding: node, calendar: &calendar)
            if services[service].available < services[service].required { belowRequired = true }
        }
        return felt || belowRequired
    }

    mutating func release(_ index: Int) {
        for node in jobs[index].nodes where nodeOwner[Int(node)] == Int32(index) { nodeOwner[Int(node)] = Self.freeNode }
        jobs[index].nodes = []
    }

    func nodesNeeded(_ spec: TrainingJobSpec) -> Int {
        spec.gpus / topology.gpusPerNode + spec.hotSpareNodes
    }
}

extension FleetTopology {
    /// GPUs per node of the rack types jobs run on: the scenario loader requires all rack types
    /// with GPUs to agree when the fleet runs jobs.
    var gpusPerNode: Int {
        configuration.rackTypes.first { $0.gpusPerNode > 0 }?.gpusPerNode ?? 1
    }
}
