import SimulationCore
import Stochastics

// Training jobs on the fleet: gang allocation of whole nodes, checkpoint/restart, and
// interruption by any fault inside the allocation.
extension FleetSimulation {
    /// The cause index of a job's own (software) failures: after the component classes.
    var jobFailureCause: Int { configuration.componentClasses.count }

    mutating func scheduleJobSubmissions(calendar: inout EventCalendar<Event>) {
        for (index, spec) in configuration.trainingJobs.enumerated() {
            calendar.schedule(.job(index: Int32(index), generation: 0, kind: .submitted), at: spec.submitAt)
        }
    }

    mutating func handleJobEvent(_ index: Int, generation: UInt32, kind: TrainingJobEvent,
                                 calendar: inout EventCalendar<Event>) {
        guard jobs[index].generation == generation else { return }
        switch kind {
        case .submitted:
            enterPhase(.waiting, job: index, at: calendar.now)
            tryToStart(index, calendar: &calendar)
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
        switch jobs[index].phase {
        case .waiting: jobs[index].waitingTime += elapsed
        case .downtime: jobs[index].downtime += elapsed
        case .restarting: jobs[index].restartTime += elapsed
        case .checkpointing: jobs[index].checkpointTime += elapsed
        case .pending, .working, .done: break
        }
        jobs[index].phase = phase
        jobs[index].phaseStart = now
    }

    mutating func schedulePhaseEnd(_ index: Int, after delay: SimTime, calendar: inout EventCalendar<Event>) {
        calendar.schedule(.job(index: Int32(index), generation: jobs[index].generation, kind: .phaseEnds), after: delay)
    }

    mutating func endPhase(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = configuration.trainingJobs[index]
        let now = calendar.now
        switch jobs[index].phase {
        case .downtime:
            let needed = spec.gpus / topology.gpusPerNode(forJob: spec)
            let healthy = jobs[index].nodes.filter { ledger.isFullyUsable(node: Int($0), topology: topology) }
            if healthy.count >= needed {
                startRestart(index, calendar: &calendar)  // hot spares cover the loss
            } else {
                release(index)
                enterPhase(.waiting, job: index, at: now)
                tryToStart(index, calendar: &calendar)
            }
        case .restarting:
            startSegment(index, calendar: &calendar)
        case .working:
            let progress = jobs[index].progressAtSegmentStart + jobs[index].segment
            jobs[index].progressAtSegmentStart = progress
            let finished = spec.work.map { progress >= $0 - 1e-9 } ?? false
            switch spec.checkpointMode {
            case .blocking where !finished:
                enterPhase(.checkpointing, job: index, at: now)
                schedulePhaseEnd(index, after: spec.checkpointWrite, calendar: &calendar)
            case .blocking, .async:
                if finished {
                    jobs[index].committed = progress
                    complete(index, at: now)
                    return
                }
                // Asynchronous: the snapshot commits after the write, if nothing fails first; one
                // write at a time (the scenario loader requires write < interval).
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
        let spec = configuration.trainingJobs[index]
        enterPhase(.working, job: index, at: calendar.now)
        let remaining = spec.work.map { $0 - jobs[index].progressAtSegmentStart } ?? .infinity
        jobs[index].segment = Swift.min(spec.checkpointInterval, remaining)
        schedulePhaseEnd(index, after: jobs[index].segment, calendar: &calendar)
    }

    mutating func startRestart(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = configuration.trainingJobs[index]
        enterPhase(.restarting, job: index, at: calendar.now)
        jobs[index].startedAt = jobs[index].startedAt ?? calendar.now
        schedulePhaseEnd(index, after: spec.restartOverhead.sample(using: streams.jobs), calendar: &calendar)
        if let failures = spec.jobFailures {
            calendar.schedule(.job(index: Int32(index), generation: jobs[index].generation, kind: .jobFailure),
                              after: failures.sample(using: streams.jobs))
        }
    }

    mutating func complete(_ index: Int, at now: SimTime) {
        enterPhase(.done, job: index, at: now)
        jobs[index].completedAt = now
        jobs[index].generation &+= 1
        release(index)
    }

    /// A fault (of component class `cause`, or the job's own) stops the job: work since the last
    /// checkpoint is lost, nodes that are no longer healthy leave the allocation, and the job
    /// goes through the reschedule delay before restarting.
    mutating func interrupt(_ index: Int, cause: Int, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        for node in jobs[index].nodes where !ledger.isFullyUsable(node: Int(node), topology: topology) {
            nodeJob[Int(node)] = -1
        }
        jobs[index].nodes.removeAll { nodeJob[Int($0)] != Int32(index) }
        guard jobs[index].isRunning else { return }  // nothing to lose while down or waiting
        jobs[index].interruptions[cause] += 1
        jobs[index].firstInterruptionAt = jobs[index].firstInterruptionAt ?? now
        let rolledBack: SimTime
        switch jobs[index].phase {
        case .working: rolledBack = jobs[index].progress(at: now) - jobs[index].committed
        case .checkpointing: rolledBack = jobs[index].progressAtSegmentStart - jobs[index].committed
        default: rolledBack = jobs[index].progressAtSegmentStart - jobs[index].committed
        }
        jobs[index].lostWork += rolledBack
        jobs[index].progressAtSegmentStart = jobs[index].committed
        jobs[index].inFlightCheckpoint = nil
        jobs[index].generation &+= 1
        enterPhase(.downtime, job: index, at: now)
        let spec = configuration.trainingJobs[index]
        schedulePhaseEnd(index, after: spec.rescheduleDelay.sample(using: streams.jobs), calendar: &calendar)
    }

    /// Interrupts every job with a node inside the outage.
    mutating func interruptJobs(outageLevel level: Level, entity: Int, cause: Int, calendar: inout EventCalendar<Event>) {
        guard !jobs.isEmpty else { return }
        var hit: [Int] = []
        func visit(node: Int) {
            let job = Int(nodeJob[node])
            if job >= 0 && !hit.contains(job) { hit.append(job) }
        }
        switch level {
        case .gpu: visit(node: Int(topology.gpuNode[entity]))
        case .node: visit(node: entity)
        case .rack: topology.nodes(ofRack: entity).forEach(visit)
        case .site: topology.siteRacks[entity].forEach { topology.nodes(ofRack: $0).forEach(visit) }
        }
        for job in hit { interrupt(job, cause: cause, calendar: &calendar) }
    }

    mutating func release(_ index: Int) {
        for node in jobs[index].nodes where nodeJob[Int(node)] == Int32(index) { nodeJob[Int(node)] = -1 }
        jobs[index].nodes = []
    }

    /// Starts a waiting job if enough healthy free nodes can be found for it.
    mutating func tryToStart(_ index: Int, calendar: inout EventCalendar<Event>) {
        let spec = configuration.trainingJobs[index]
        let perNode = topology.gpusPerNode(forJob: spec)
        let count = spec.gpus / perNode + spec.hotSpareNodes
        var free = [Bool](repeating: false, count: topology.nodeCount)
        for node in free.indices where nodeJob[node] < 0 { free[node] = ledger.isFullyUsable(node: node, topology: topology) }
        guard let nodes = JobPlacement.find(count: count, gpusPerNode: perNode, allowCrossSite: spec.allowCrossSite,
                                            topology: topology, isFree: { free[$0] })
        else { return }
        for node in nodes { nodeJob[node] = Int32(index) }
        jobs[index].nodes = nodes.map(Int32.init)
        startRestart(index, calendar: &calendar)
    }

    /// After capacity returns: waiting jobs, in order, try again.
    mutating func retryWaitingJobs(calendar: inout EventCalendar<Event>) {
        for index in jobs.indices where jobs[index].phase == .waiting {
            tryToStart(index, calendar: &calendar)
        }
    }
}

extension FleetTopology {
    /// GPUs per node of the rack types a job can use: the scenario loader requires all rack
    /// types with GPUs to agree when the fleet runs jobs.
    func gpusPerNode(forJob spec: TrainingJobSpec) -> Int {
        configuration.rackTypes.first { $0.gpusPerNode > 0 }?.gpusPerNode ?? 1
    }
}
