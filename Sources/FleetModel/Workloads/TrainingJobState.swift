import SimulationCore

/// Where a training job is in its life, and what its time went to.
struct TrainingJobState {
    enum Phase {
        /// Not yet submitted.
        case pending
        /// Submitted (or interrupted) and waiting for enough healthy nodes.
        case waiting
        /// After an interruption: detection and rescheduling.
        case downtime
        /// Reloading the last checkpoint.
        case restarting
        case working
        /// Writing a blocking checkpoint.
        case checkpointing
        case done
    }

    var phase: Phase = .pending
    var generation: UInt32 = 0
    var nodes: [Int32] = []
    var phaseStart: SimTime = 0
    /// Useful computation safely behind a checkpoint, hours.
    var committed: SimTime = 0
    /// Length of the working segment in progress, hours.
    var segment: SimTime = 0
    /// Asynchronous mode: progress when the working segment started, and the progress the
    /// checkpoint in flight (if any) will commit.
    var progressAtSegmentStart: SimTime = 0
    var inFlightCheckpoint: SimTime?
    /// The checkpoint transfer in progress, when checkpoints go over the network.
    var checkpointFlow: FlowID?
    var startedAt: SimTime?
    /// The start time the scheduler promised when the job first headed a blocked queue.
    var reservation: SimTime?
    var firstInterruptionAt: SimTime?
    var completedAt: SimTime?

    // Where the time went, hours of the job (multiply by its GPUs for GPU-hours).
    var lostWork: SimTime = 0
    var restartTime: SimTime = 0
    var checkpointTime: SimTime = 0
    var downtime: SimTime = 0
    var waitingTime: SimTime = 0
    /// Time holding nodes (restarting, computing, checkpointing, rescheduling).
    var heldTime: SimTime = 0
    /// Interruptions by cause: component classes, then the job's own failures, then preemption.
    var interruptions: [Int]
    /// Hours lost by cause: the work rolled back, and the rescheduling and reload that follow.
    var lostByCause: [SimTime]
    /// The cause of the interruption being recovered from.
    var recoveringFrom: Int?
    /// Failures of hardware the job held, whatever it was doing (running, or rescheduling after
    /// an earlier interruption): how Llama 3's table counts interruptions.
    var hardwareFailures = 0
    /// Planned stops of the running job, and the downtime and restart they cost, hours.
    var plannedInterruptions = 0
    var plannedMaintenanceTime: SimTime = 0
    /// Whether the downtime or restart in progress follows a planned stop.
    var inPlannedMaintenance = false

    init(causes: Int) {
        interruptions = Array(repeating: 0, count: causes)
        lostByCause = Array(repeating: 0, count: causes)
    }

    /// Holding nodes: running, or rescheduling after an interruption.
    var holdsNodes: Bool { isRunning || phase == .downtime }

    var isRunning: Bool {
        switch phase {
        case .restarting, .working, .checkpointing: true
        case .pending, .waiting, .downtime, .done: false
        }
    }

    /// From first start to completion, or to `end` if still going; `nil` if never started.
    func elapsed(until end: SimTime) -> SimTime? {
        startedAt.map { (completedAt ?? end) - $0 }
    }

    /// Time holding nodes until `end`, counting the phase in progress.
    func heldTime(until end: SimTime) -> SimTime {
        heldTime + (holdsNodes ? end - phaseStart : 0)
    }

    /// Progress now, for a job in its working phase.
    func progress(at now: SimTime) -> SimTime {
        phase == .working ? progressAtSegmentStart + (now - phaseStart) : progressAtSegmentStart
    }
}

/// What a training job's event means.
public enum TrainingJobEvent: UInt8, Sendable {
    case submitted, phaseEnds, checkpointCommitted, jobFailure
    /// A planned stop is due (whatever the job's generation: the schedule runs on).
    case plannedMaintenance
}

extension TrainingJobEvent: CustomStringConvertible {
    /// The bare name (`phaseEnds`), so that run records read without module prefixes.
    public var description: String {
        switch self {
        case .submitted: "submitted"
        case .phaseEnds: "phaseEnds"
        case .checkpointCommitted: "checkpointCommitted"
        case .jobFailure: "jobFailure"
        case .plannedMaintenance: "plannedMaintenance"
        }
    }
}
