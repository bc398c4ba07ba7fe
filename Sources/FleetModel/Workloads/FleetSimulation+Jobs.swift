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
        for (index, spec) in workloads.jobSpecs.enumerated() {
            calendar.schedule(.workloads(.job(JobID(index), generation: 0, kind: .submitted)), at: spec.submitAt)
            scheduleMaintenance(index, after: spec.submitAt, calendar: &calendar)
        }
        for (index, process) in configuration.jobArrivals.enumerated() {
            calendar.schedule(.workloads(.jobArrival(process: Int32(index))), after: streams.jobArrivals.exponential(mean: process.meanInterarrival))
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
        spec.name = "\(process.name)-\(workloads.jobSpecs.count + 1)"
        workloads.jobSpecs.append(spec)
        workloads.jobs.append(TrainingJobState(causes: configuration.componentClasses.count + Self.extraCauses.count))
        submit(workloads.jobs.count - 1, calendar: &calendar)
        scheduleMaintenance(workloads.jobs.count - 1, after: calendar.now, calendar: &calendar)
        calendar.schedule(.workloads(.jobArrival(process: Int32(index))), after: streams.jobArrivals.exponential(mean: process.meanInterarrival))
    }

    mutating func submit(_ index: Int, calendar: inout EventCalendar<Event>) {
        enterPhase(.waiting, job: index, at: calendar.now)
        scheduleWaitingJobs(calendar: &calendar)
    }

    mutating func handleJobEvent(_ index: Int, generation: UInt32, kind: TrainingJobEvent,
                                 calendar: inout EventCalendar<Event>) {
        if kind == .plannedMaintenance {
            stopForMaintenance(index, calendar: &calendar)
            return
        }
        guard workloads.jobs[index].generation == generation else { return }
        switch kind {
        case .submitted:
            submit(index, calendar: &calendar)
        case .phaseEnds:
            endPhase(index, calendar: &calendar)
        case .checkpointCommitted:
            if let progress = workloads.jobs[index].inFlightCheckpoint {
                workloads.jobs[index].committed = progress
                workloads.jobs[index].inFlightCheckpoint = nil
            }
        case .jobFailure:
            interrupt(index, cause: jobFailureCause, calendar: &calendar)
        case .plannedMaintenance:
            break
        }
    }

    /// Books the time spent in the phase being left, then enters `phase`.
    mutating func enterPhase(_ phase: TrainingJobState.Phase, job index: Int, at now: SimTime) {
        let elapsed = now - workloads.jobs[index].phaseStart
        if workloads.jobs[index].holdsNodes { workloads.jobs[index].heldTime += elapsed }
        if let cause = workloads.jobs[index].recoveringFrom, workloads.jobs[index].phase == .downtime || workloads.jobs[index].phase == .restarting {
            workloads.jobs[index].lostByCause[cause] += elapsed
        }
        if workloads.jobs[index].inPlannedMaintenance, workloads.jobs[index].phase == .downtime || workloads.jobs[index].phase == .restarting {
            workloads.jobs[index].plannedMaintenanceTime += elapsed
        }
        if phase == .working || phase == .done {
            workloads.jobs[index].recoveringFrom = nil
            workloads.jobs[index].inPlannedMaintenance = false
        }
        switch workloads.jobs[index].phase {
        case .waiting: workloads.jobs[index].waitingTime += elapsed
        case .downtime: workloads.jobs[index].downtime += elapsed
        case .restarting: workloads.jobs[index].restartTime += elapsed
        case .checkpointing: workloads.jobs[index].checkpointTime += elapsed
        case .pending, .working, .done: break
        }
        let wasHolding = workloads.jobs[index].holdsNodes, wasWaiting = workloads.jobs[index].phase == .waiting
        workloads.jobs[index].phase = phase
        workloads.jobs[index].phaseStart = now
        // The scheduler's lists change only here, kept sorted, so that it never filters or
        // sorts every job of a long trace: the jobs holding nodes by index, the waiting ones in
        // scheduling order (priority, then submission, then index).
        if wasHolding != workloads.jobs[index].holdsNodes {
            Self.setMembership(of: index, in: &workloads.holdingJobs, present: workloads.jobs[index].holdsNodes) { $0 < $1 }
        }
        if wasWaiting != (phase == .waiting) {
            let specs = workloads.jobSpecs
            Self.setMembership(of: index, in: &workloads.waitingJobs, present: phase == .waiting) { a, b in
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
        calendar.schedule(.workloads(.job(JobID(index), generation: workloads.jobs[index].generation, kind: .phaseEnds)), after: delay)
    }

    mutating func endPhase(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = workloads.jobSpecs[index]
        let now = calendar.now
        switch workloads.jobs[index].phase {
        case .downtime:
            let healthy = workloads.jobs[index].nodes.filter { ledger.isFullyUsable(node: Int($0), topology: topology) }
            if healthy.count >= nodesNeeded(spec) - spec.hotSpareNodes {
                startRestart(index, calendar: &calendar)  // hot spares cover the loss
            } else {
                release(index)
                submit(index, calendar: &calendar)
            }
        case .restarting:
            startSegment(index, calendar: &calendar)
        case .working:
            let progress = workloads.jobs[index].progressAtSegmentStart + workloads.jobs[index].segment
            workloads.jobs[index].progressAtSegmentStart = progress
            let finished = spec.work.map { progress >= $0 - 1e-9 } ?? false
            if finished {
                workloads.jobs[index].committed = progress
                complete(index, calendar: &calendar)
                return
            }
            switch spec.checkpointMode {
            case .blocking:
                enterPhase(.checkpointing, job: index, at: now)
                if let gigabits = checkpointGigabits(spec) {
                    startCheckpointTransfer(index, gigabits: gigabits, calendar: &calendar)
                } else {
                    schedulePhaseEnd(index, after: spec.checkpointWrite, calendar: &calendar)
                }
            case .async:
                // The snapshot commits after the write, if nothing fails first; one write at a
                // time (the scenario loader requires write < interval; a network transfer still
                // in progress when the next is due makes the job skip that one).
                if let gigabits = checkpointGigabits(spec) {
                    if workloads.jobs[index].checkpointFlow == nil {
                        workloads.jobs[index].inFlightCheckpoint = progress
                        startCheckpointTransfer(index, gigabits: gigabits, calendar: &calendar)
                    }
                } else {
                    workloads.jobs[index].inFlightCheckpoint = progress
                    calendar.schedule(.workloads(.job(JobID(index), generation: workloads.jobs[index].generation, kind: .checkpointCommitted)),
                                      after: spec.checkpointWrite)
                }
                startSegment(index, calendar: &calendar)
            }
        case .checkpointing:
            workloads.jobs[index].committed = workloads.jobs[index].progressAtSegmentStart
            startSegment(index, calendar: &calendar)
        case .pending, .waiting, .done:
            preconditionFailure("job \(index) has no timed phase to end in \(workloads.jobs[index].phase)")
        }
    }

    mutating func startSegment(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = workloads.jobSpecs[index]
        enterPhase(.working, job: index, at: calendar.now)
        let remaining = spec.work.map { $0 - workloads.jobs[index].progressAtSegmentStart } ?? .infinity
        workloads.jobs[index].segment = Swift.min(spec.checkpointInterval, remaining)
        schedulePhaseEnd(index, after: workloads.jobs[index].segment, calendar: &calendar)
    }

    /// Starts (or restarts) the job on the nodes it holds: reload, then compute.
    mutating func startRestart(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = workloads.jobSpecs[index]
        enterPhase(.restarting, job: index, at: calendar.now)
        if workloads.jobs[index].startedAt == nil {
            workloads.jobs[index].startedAt = calendar.now
            if let promised = workloads.jobs[index].reservation, calendar.now > promised + 1e-6 { statistics.reservationsMissed += 1 }
        }
        schedulePhaseEnd(index, after: spec.restartOverhead.sample(using: streams.jobs), calendar: &calendar)
        if let failures = spec.jobFailures {
            calendar.schedule(.workloads(.job(JobID(index), generation: workloads.jobs[index].generation, kind: .jobFailure)),
                              after: failures.sample(using: streams.jobs))
        }
    }

    mutating func complete(_ index: Int, calendar: inout EventCalendar<Event>) {
        enterPhase(.done, job: index, at: calendar.now)
        workloads.jobs[index].completedAt = calendar.now
        abandonCheckpointTransfer(index, calendar: &calendar)
        workloads.jobs[index].generation &+= 1
        release(index)
        scheduleWaitingJobs(calendar: &calendar)
    }

    /// A fault (of component class `cause`, the job's own, or a preemption) stops the job: work
    /// since the last checkpoint is lost and nodes that are no longer healthy leave the
    /// allocation. A failed job goes through the reschedule delay; a preempted one straight back
    /// to the queue.
    mutating func interrupt(_ index: Int, cause: Int, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        for node in workloads.jobs[index].nodes where !ledger.isFullyUsable(node: Int(node), topology: topology) {
            workloads.nodeOwner[Int(node)] = Workloads.freeNode
        }
        workloads.jobs[index].nodes.removeAll { workloads.nodeOwner[Int($0)] != Int32(index) }
        if cause < configuration.componentClasses.count { workloads.jobs[index].hardwareFailures += 1 }
        guard workloads.jobs[index].isRunning || cause == preemptionCause else { return }
        if workloads.jobs[index].isRunning {
            workloads.jobs[index].interruptions[cause] += 1
            workloads.jobs[index].firstInterruptionAt = workloads.jobs[index].firstInterruptionAt ?? now
            let progress = workloads.jobs[index].progress(at: now)
            workloads.jobs[index].lostWork += progress - workloads.jobs[index].committed
            workloads.jobs[index].lostByCause[cause] += progress - workloads.jobs[index].committed
        }
        workloads.jobs[index].progressAtSegmentStart = workloads.jobs[index].committed
        workloads.jobs[index].inFlightCheckpoint = nil
        abandonCheckpointTransfer(index, calendar: &calendar)
        workloads.jobs[index].generation &+= 1
        workloads.jobs[index].inPlannedMaintenance = false
        if cause == preemptionCause {
            release(index)
            enterPhase(.waiting, job: index, at: now)  // the caller reschedules the queue
            workloads.jobs[index].recoveringFrom = cause
            return
        }
        enterPhase(.downtime, job: index, at: now)
        workloads.jobs[index].recoveringFrom = cause
        schedulePhaseEnd(index, after: workloads.jobSpecs[index].rescheduleDelay.sample(using: streams.jobs), calendar: &calendar)
    }

    /// Interrupts every job, and loses every inference replica, with a node inside the outage.
    /// Returns whether users felt it: a running job interrupted, or a service left below what
    /// its demand requires.
    @discardableResult
    mutating func interruptJobs(outageLevel level: Level, entity: Int, cause: Int, calendar: inout EventCalendar<Event>) -> Bool {
        guard !workloads.nodeOwner.isEmpty else { return false }
        var hit: [Int] = []
        var lostReplicaNodes: [Int] = []
        func visit(node: Int) {
            let owner = Int(workloads.nodeOwner[node])
            if owner >= 0 && !hit.contains(owner) { hit.append(owner) }
            if owner <= -2 { lostReplicaNodes.append(node) }
        }
        switch level {
        case .gpu: visit(node: Int(topology.gpuNode[entity]))
        case .node: visit(node: entity)
        case .rack: topology.nodes(ofRack: entity).forEach(visit)
        case .site: topology.siteRacks[entity].forEach { topology.nodes(ofRack: $0).forEach(visit) }
        }
        let felt = hit.contains { workloads.jobs[$0].isRunning }
        for job in hit { interrupt(job, cause: cause, calendar: &calendar) }
        var belowRequired = false
        for node in lostReplicaNodes {
            let service = Int(-2 - workloads.nodeOwner[node])
            loseReplica(holding: node, calendar: &calendar)
            if workloads.services[service].available < workloads.services[service].required { belowRequired = true }
        }
        return felt || belowRequired
    }

    mutating func release(_ index: Int) {
        for node in workloads.jobs[index].nodes where workloads.nodeOwner[Int(node)] == Int32(index) { workloads.nodeOwner[Int(node)] = Workloads.freeNode }
        workloads.jobs[index].nodes = []
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
