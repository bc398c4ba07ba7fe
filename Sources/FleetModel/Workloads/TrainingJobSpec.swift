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
    /// Checkpoint size, gigabytes. With a network in the scenario, a checkpoint is a transfer of
    /// this size over the site's spine and storage links, sharing them with every other
    /// transfer; `checkpointWrite` is then its uncontended time (what the scheduler plans with).
    public var checkpointSizeGigabytes: Double?
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
    /// Index into `FleetConfiguration.tenants`.
    public var tenant: Int
    /// Higher runs first and may preempt lower.
    public var priority: Int
    /// Planned stops (maintenance windows): a checkpoint just before, so no work is lost, then
    /// the downtime and a restart.
    public var plannedMaintenance: PlannedMaintenance?

    public init(
        name: String, gpus: Int, submitAt: SimTime = 0, work: SimTime? = nil, checkpointInterval: SimTime,
        checkpointWrite: SimTime, checkpointMode: CheckpointMode = .blocking,
        rescheduleDelay: Distribution = .deterministic(0), restartOverhead: Distribution = .deterministic(0),
        hotSpareNodes: Int = 0, jobFailures: Distribution? = nil, allowCrossSite: Bool = false,
        tenant: Int = 0, priority: Int = 0, checkpointSizeGigabytes: Double? = nil
    ) {
        self.checkpointSizeGigabytes = checkpointSizeGigabytes
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
        self.tenant = tenant
        self.priority = priority
    }
}

/// A training job's planned stops: on a schedule (every `interval` from submission) or at
/// random (a Poisson process), each taking the job down for `downtime` before it restarts.
public struct PlannedMaintenance: Hashable, Sendable {
    public enum Schedule: Hashable, Sendable {
        case every(SimTime)
        case poisson(meanTimeBetween: SimTime)
    }

    public var schedule: Schedule
    public var downtime: Distribution

    public init(schedule: Schedule, downtime: Distribution) {
        self.schedule = schedule
        self.downtime = downtime
    }
}

/// A team sharing the fleet: a GPU quota (jobs beyond it wait) and a default priority.
public struct Tenant: Hashable, Sendable {
    public var name: String
    public var quotaGPUs: Int?
    public var priority: Int

    public init(name: String, quotaGPUs: Int? = nil, priority: Int = 0) {
        self.name = name
        self.quotaGPUs = quotaGPUs
        self.priority = priority
    }
}

/// Jobs arriving as a Poisson process: sizes drawn from weighted choices, work from a
/// distribution, everything else from `template`.
public struct JobArrivalProcess: Hashable, Sendable {
    public var name: String
    public var meanInterarrival: SimTime
    public var gpuChoices: [Int]
    public var gpuWeights: [Double]
    public var work: Distribution
    /// Checkpointing, overheads, tenant and priority of the jobs it creates.
    public var template: TrainingJobSpec
    /// No arrivals after this time (hours), if set.
    public var until: SimTime?

    public init(name: String, meanInterarrival: SimTime, gpuChoices: [Int], gpuWeights: [Double], work: Distribution,
                template: TrainingJobSpec, until: SimTime? = nil) {
        self.name = name
        self.meanInterarrival = meanInterarrival
        self.gpuChoices = gpuChoices
        self.gpuWeights = gpuWeights
        self.work = work
        self.template = template
        self.until = until
    }
}
