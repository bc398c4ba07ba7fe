import SimulationCore
import Stochastics

/// How a training job checkpoints: blocking (computation stops while the checkpoint is written)
/// or asynchronous (computation goes on; the checkpoint commits when the write completes).
public enum CheckpointMode: String, CaseIterable, Hashable, Sendable {
    case blocking, async
}

/// A synchronous training job, gang-scheduled on whole nodes.
public struct TrainingJobSpec: Hashable, Sendable {
    public var name: String
    public var gpus: Int
    public var submitAt: SimTime
    /// Useful computation the job needs, hours; `nil`: it trains until the horizon.
    public var work: SimTime?
    /// Useful computation between checkpoints, hours.
    public var checkpointInterval: SimTime
    /// Checkpoint write time, hours.
    public var checkpointWrite: SimTime
    public var checkpointMode: CheckpointMode
    /// Detection and rescheduling after an interruption (no failure can strike it), hours.
    public var rescheduleDelay: Distribution
    /// Reloading the last checkpoint before computing again (failures can strike it), hours.
    public var restartOverhead: Distribution
    /// Extra healthy nodes held in the allocation, which replace failed ones without queueing.
    public var hotSpareNodes: Int
    /// Time between job-level failures (software bugs, NCCL watchdog) while the job runs.
    public var jobFailures: Distribution?
    /// Whether the job may span sites (over WAN links); otherwise it stays inside one site.
    public var allowCrossSite: Bool

    public init(
        name: String, gpus: Int, submitAt: SimTime = 0, work: SimTime? = nil, checkpointInterval: SimTime,
        checkpointWrite: SimTime, checkpointMode: CheckpointMode = .blocking,
        rescheduleDelay: Distribution = .deterministic(0), restartOverhead: Distribution = .deterministic(0),
        hotSpareNodes: Int = 0, jobFailures: Distribution? = nil, allowCrossSite: Bool = false
    ) {
        self.name = name
        self.gpus = gpus
        self.submitAt = submitAt
        self.work = work
        self.checkpointInterval = checkpointInterval
        self.checkpointWrite = checkpointWrite
        self.checkpointMode = checkpointMode
        self.rescheduleDelay = rescheduleDelay
        self.restartOverhead = restartOverhead
        self.hotSpareNodes = hotSpareNodes
        self.jobFailures = jobFailures
        self.allowCrossSite = allowCrossSite
    }
}
