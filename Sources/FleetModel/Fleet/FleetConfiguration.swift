import FleetPolicy
import SimulationCore
import Stochastics

/// Everything the fleet model needs, in model units (hours), already checked by the scenario
/// loader: the hardware catalog, the sites (templates already stamped out), the failure
/// processes and the repair pipeline.
public struct FleetConfiguration: Hashable, Sendable {
    public var componentClasses: [ComponentClass]
    public var rackTypes: [RackType]
    /// Components every site has once (cooling, power feed, WAN link).
    public var siteComponents: [Placement]
    public var sites: [Site]
    /// Automated remediation steps, in the order they are tried.
    public var remediationSteps: [RemediationStep]
    public var correlatedEvents: [CorrelatedEvent]
    public var horizon: SimTime
    public var warmup: SimTime
    /// Interval of the capacity time series (usable GPUs), hours.
    public var sampleInterval: SimTime
    /// Failures replayed from an incident log instead of drawn, if any.
    public var trace: IncidentTrace?
    /// Training jobs running on the fleet (listed in the scenario or read from a job trace).
    public var trainingJobs: [TrainingJobSpec] = []
    /// Jobs generated while the run goes.
    public var jobArrivals: [JobArrivalProcess] = []
    /// Teams; job specs refer to them by index. One default tenant when the scenario names none.
    public var tenants: [Tenant] = [Tenant(name: "default")]

    /// GPUs in all racks of all sites.
    public var installedGPUs: Int {
        sites.reduce(0) { total, site in total + site.racks.reduce(0) { $0 + $1.count * rackTypes[$1.rackType].gpus } }
    }

    /// Inference services running on the fleet.
    public var inferenceServices: [InferenceServiceSpec] = []
    /// A management plane running runbooks on the fleet's alerts; without it, the built-in
    /// pipeline (remediation steps, then hands-on repair) handles every fault.
    public var management: ManagementConfiguration?
    /// Rolling upgrade campaigns, in the order they were listed.
    public var upgrades: [UpgradeCampaign] = []
    /// Prices; with them, every replication reports its total cost of ownership and costs.csv.
    public var costs: CostModel?
    /// The links that carry bulk transfers (checkpoint writes), when the scenario describes them.
    public var network: NetworkConfiguration?

    /// Whether the run has any training work to schedule.
    public var hasJobs: Bool { !trainingJobs.isEmpty || !jobArrivals.isEmpty }
    /// Whether any training job has planned stops (which adds their metrics).
    public var hasPlannedMaintenance: Bool {
        trainingJobs.contains { $0.plannedMaintenance != nil } || jobArrivals.contains { $0.template.plannedMaintenance != nil }
    }
    /// Whether anything runs on the fleet's nodes.
    public var hasWorkloads: Bool { hasJobs || !inferenceServices.isEmpty }

    /// Failure mode `mode` of class `classIndex`, read in place: a copy would retain and release
    /// the mode's name, arrays and distributions, on every failure and repair step of a run.
    subscript(failureMode mode: Int, ofClass classIndex: Int) -> FailureMode {
        _read { yield componentClasses[classIndex].modes[mode] }
    }

    public init(
        componentClasses: [ComponentClass], rackTypes: [RackType], siteComponents: [Placement],
        sites: [Site], remediationSteps: [RemediationStep], correlatedEvents: [CorrelatedEvent],
        horizon: SimTime, warmup: SimTime, sampleInterval: SimTime, trace: IncidentTrace? = nil
    ) {
        self.componentClasses = componentClasses
        self.rackTypes = rackTypes
        self.siteComponents = siteComponents
        self.sites = sites
        self.remediationSteps = remediationSteps
        self.correlatedEvents = correlatedEvents
        self.horizon = horizon
        self.warmup = warmup
        self.sampleInterval = sampleInterval
        self.trace = trace
    }
}

/// Failures taken from an incident log: each at its time, on its component, in its mode. The
/// traced classes draw no failures of their own; the rest of the model (detection, remediation,
/// technicians, spares) runs as usual, so a log can be replayed under other staffing.
public struct IncidentTrace: Hashable, Sendable {
    public struct Failure: Hashable, Sendable {
        public var time: SimTime
        public var componentClass: Int
        public var instance: Int
        public var mode: Int
        /// Hands-on repair time from the log, replacing a draw from the class's `repair_time`.
        public var repairTime: Double?

        public init(time: SimTime, componentClass: Int, instance: Int, mode: Int, repairTime: Double?) {
            self.time = time
            self.componentClass = componentClass
            self.instance = instance
            self.mode = mode
            self.repairTime = repairTime
        }
    }

    /// In time order.
    public var failures: [Failure]
    /// Classes whose failures come only from the trace.
    public var tracedClasses: Set<Int>

    public init(failures: [Failure], tracedClasses: Set<Int>) {
        self.failures = failures.sorted { $0.time < $1.time }
        self.tracedClasses = tracedClasses
    }
}

/// Where a component sits, and so how many there are: one per GPU, per node, per rack or per site.
public enum Level: String, CaseIterable, Hashable, Sendable {
    case gpu, node, rack, site
}

/// What a fault takes out of service: the failed component's own GPU, node, NVLink domain, rack
/// or site; nothing (capacity-neutral, still repaired); or the site's link to the management
/// plane (the site keeps running, but its faults go undetected until the link heals).
public enum BlastRadius: String, CaseIterable, Hashable, Sendable {
    case none, gpu, node, nvlinkDomain = "nvlink_domain", rack, site
    case isolateSite = "isolate_site"
}

/// How a fault can be cleared. A reset or reboot clears a transient fault with some probability,
/// a reimage most software faults; a hard fault needs hands-on repair and usually a part.
public enum FaultKind: String, CaseIterable, Hashable, Sendable {
    case transient, software, hard
}

/// Who repairs a class: the site's technicians, or an outside provider (a carrier for a WAN
/// link, the utility for a feed) whose repair time alone counts.
public enum RepairedBy: String, CaseIterable, Hashable, Sendable {
    case technicians, provider
}

public struct FailureMode: Hashable, Sendable {
    public var name: String
    /// Fraction of the class's failures in this mode; the shares of a class sum to 1.
    public var share: Double
    public var fault: FaultKind
    public var blastRadius: BlastRadius
    /// Time from fault to the management plane knowing of it, hours.
    public var detection: Distribution
    /// Indices into `FleetConfiguration.remediationSteps` tried before hands-on repair.
    public var remediation: [Int]
    /// The alert the management plane sees once the fault is detected (with `management`).
    public var signal: SignalType = .nodeNotReady
    public var signalLabels: [String: String] = [:]
    /// A warning before the fault, which predictive strategies can act on (with `management`).
    public var precursor: Precursor?

    public init(name: String, share: Double, fault: FaultKind, blastRadius: BlastRadius,
                detection: Distribution, remediation: [Int]) {
        self.name = name
        self.share = share
        self.fault = fault
        self.blastRadius = blastRadius
        self.detection = detection
        self.remediation = remediation
    }
}

/// Some faults announce themselves: correctable ECC errors rise before an HBM fails. With
/// `probability`, the component degrades first, raises `signal`, and fails `leadTime` later
/// unless it is repaired in between.
public struct Precursor: Hashable, Sendable {
    public var probability: Double
    public var leadTime: Distribution
    public var signal: SignalType

    public init(probability: Double, leadTime: Distribution, signal: SignalType = .eccCorrectableRising) {
        self.probability = probability
        self.leadTime = leadTime
        self.signal = signal
    }
}

public struct ComponentClass: Hashable, Sendable {
    public var name: String
    public var timeToFailure: Distribution
    public var modes: [FailureMode]
    /// Hands-on (or provider) repair time once work starts, hours.
    public var repairTime: Distribution
    public var repairedBy: RepairedBy
    /// Spare part a hard fault consumes (`nil`: none).
    public var part: String?
    /// Time from detection to the first action (triage, reading logs), hours.
    public var diagnosis: Distribution

    public init(name: String, timeToFailure: Distribution, modes: [FailureMode],
                repairTime: Distribution, repairedBy: RepairedBy, part: String?,
                diagnosis: Distribution = .deterministic(0)) {
        self.name = name
        self.timeToFailure = timeToFailure
        self.modes = modes
        self.repairTime = repairTime
        self.repairedBy = repairedBy
        self.part = part
        self.diagnosis = diagnosis
    }
}

/// `count` components of class `componentClass` at each entity of `level`.
public struct Placement: Hashable, Sendable {
    public var componentClass: Int
    public var level: Level
    public var count: Int

    public init(componentClass: Int, level: Level, count: Int) {
        self.componentClass = componentClass
        self.level = level
        self.count = count
    }
}

public struct RackType: Hashable, Sendable {
    public var name: String
    public var nodes: Int
    public var gpusPerNode: Int
    /// `.rack` for NVL72 (one NVLink domain per rack), `.node` for HGX (NVLink inside a server).
    public var nvlinkDomain: Level
    public var powerKilowatts: Double
    public var components: [Placement]

    public init(name: String, nodes: Int, gpusPerNode: Int, nvlinkDomain: Level,
                powerKilowatts: Double, components: [Placement]) {
        self.name = name
        self.nodes = nodes
        self.gpusPerNode = gpusPerNode
        self.nvlinkDomain = nvlinkDomain
        self.powerKilowatts = powerKilowatts
        self.components = components
    }

    public var gpus: Int { nodes * gpusPerNode }
}

public enum SiteKind: String, CaseIterable, Hashable, Sendable {
    case onPrem = "on_prem", colocation, edge
}

/// When technicians work. Outside `businessHours` (Monday–Friday 08:00–17:00, the run starting
/// on a Monday at 00:00), work waits for the next shift, or for the on-call response if any.
public enum Coverage: String, CaseIterable, Hashable, Sendable {
    case allHours = "24x7"
    case businessHours = "business_hours"
}

public struct TechnicianCrew: Hashable, Sendable {
    public var count: Int
    public var coverage: Coverage
    /// Time from dispatch to hands-on work: walking the floor, travel to an edge site, remote
    /// hands answering a ticket.
    public var response: Distribution
    /// Response outside business hours; `nil`: work waits for the next shift.
    public var onCallResponse: Distribution?

    public init(count: Int, coverage: Coverage, response: Distribution, onCallResponse: Distribution?) {
        self.count = count
        self.coverage = coverage
        self.response = response
        self.onCallResponse = onCallResponse
    }
}

/// A part's stock at a site with an (s, Q) reorder policy: when stock on hand plus on order
/// falls to `reorderPoint`, `reorderQuantity` more arrive after `leadTime`.
public struct SparePolicy: Hashable, Sendable {
    public var part: String
    public var initialStock: Int
    public var reorderPoint: Int
    public var reorderQuantity: Int
    public var leadTime: Distribution

    public init(part: String, initialStock: Int, reorderPoint: Int, reorderQuantity: Int, leadTime: Distribution) {
        self.part = part
        self.initialStock = initialStock
        self.reorderPoint = reorderPoint
        self.reorderQuantity = reorderQuantity
        self.leadTime = leadTime
    }
}

public struct Site: Hashable, Sendable {
    public var name: String
    public var kind: SiteKind
    public var region: String
    /// Racks by type, with their counts.
    public var racks: [RackCount]
    public var powerCapacityKilowatts: Double?
    public var technicians: TechnicianCrew
    /// Parts without a policy are never out of stock.
    public var spares: [SparePolicy]

    public init(name: String, kind: SiteKind, region: String, racks: [RackCount],
                powerCapacityKilowatts: Double?, technicians: TechnicianCrew, spares: [SparePolicy]) {
        self.name = name
        self.kind = kind
        self.region = region
        self.racks = racks
        self.powerCapacityKilowatts = powerCapacityKilowatts
        self.technicians = technicians
        self.spares = spares
    }
}

/// `count` racks of the rack type at index `rackType` of `FleetConfiguration.rackTypes`.
public struct RackCount: Hashable, Sendable {
    public var rackType: Int
    public var count: Int

    public init(rackType: Int, count: Int) {
        self.rackType = rackType
        self.count = count
    }
}

public struct RemediationStep: Hashable, Sendable {
    public var action: String
    public var duration: Distribution
    /// Probability that the step clears a fault of each kind (missing kinds: 0).
    public var success: [FaultKind: Double]

    public init(action: String, duration: Distribution, success: [FaultKind: Double]) {
        self.action = action
        self.duration = duration
        self.success = success
    }
}

/// A common-cause event (a power surge, a cooling excursion): at each site it strikes as a
/// Poisson process, and each up component of `componentClass` at that site fails with
/// `probability`, all at once.
public struct CorrelatedEvent: Hashable, Sendable {
    public var name: String
    /// Mean time between events at one site, hours.
    public var meanTimeBetween: Double
    public var componentClass: Int
    public var probability: Double
    /// Site kinds it can strike (all when empty).
    public var siteKinds: [SiteKind]

    public init(name: String, meanTimeBetween: Double, componentClass: Int, probability: Double, siteKinds: [SiteKind]) {
        self.name = name
        self.meanTimeBetween = meanTimeBetween
        self.componentClass = componentClass
        self.probability = probability
        self.siteKinds = siteKinds
    }
}
