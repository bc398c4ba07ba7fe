import FleetModel
import SimulationCore

/// A loaded, checked scenario: everything a run needs, in model units (hours).
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    /// Master seed of the run; `--seed` overrides it.
    public var seed: UInt64
    public var replications: Int
    public var horizon: SimTime
    public var warmup: SimTime
    public var model: ScenarioModel
    /// Identifies the exact file contents (`StableHash.fnv1a64Hex` of its bytes), so results can be
    /// traced to the scenario that produced them.
    public var contentHash: String

    public init(
        name: String, description: String, seed: UInt64, replications: Int, horizon: SimTime,
        warmup: SimTime, model: ScenarioModel, contentHash: String
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.replications = replications
        self.horizon = horizon
        self.warmup = warmup
        self.model = model
        self.contentHash = contentHash
    }
}

/// The model a scenario describes.
public enum ScenarioModel: Sendable {
    case repairPool(RepairPoolConfiguration)
    /// The fleet, laid out once and shared by all replications.
    case fleet(FleetTopology)
}

extension Scenario {
    /// The same scenario over another horizon (the warm-up is kept if it still fits, else dropped).
    public func withHorizon(_ hours: SimTime) -> Scenario {
        var copy = self
        copy.horizon = hours
        if copy.warmup >= hours { copy.warmup = 0 }
        switch model {
        case .repairPool(var configuration):
            configuration.horizon = hours
            configuration.warmup = copy.warmup
            copy.model = .repairPool(configuration)
        case .fleet(let topology):
            var configuration = topology.configuration
            configuration.horizon = hours
            configuration.warmup = copy.warmup
            copy.model = .fleet(FleetTopology(configuration))
        }
        return copy
    }

    /// The metrics every replication of this scenario reports.
    public var metrics: [Metric] {
        switch model {
        case .repairPool: RepairPoolModel.metrics
        case .fleet(let topology): FleetSimulation.metrics(for: topology.configuration)
        }
    }

    /// Runs replication `index` with master seed `seed`: a pure function of its arguments.
    /// With `recordEvents`, the result carries every event fired (`eventLog`).
    public func replicate(_ index: Int, seed: UInt64, recordEvents: Bool = false) -> ReplicationResult {
        switch model {
        case .repairPool(let configuration):
            RepairPoolModel.replicate(configuration, masterSeed: seed, replication: index, recordEvents: recordEvents)
        case .fleet(let topology):
            FleetSimulation.replicate(topology, masterSeed: seed, replication: index, recordEvents: recordEvents)
        }
    }
}

extension Scenario {
    /// Whether `checkInvariants` applies (fleet scenarios).
    public var hasInvariantChecks: Bool {
        if case .fleet = model { true } else { false }
    }

    /// Runs replication `index` as `replicate` does, with the model's invariants checked after
    /// every event: the events checked and the first violation. `nil` for models without
    /// invariant checks (the repair pool, whose numbers are checked against exact results).
    public func checkInvariants(_ index: Int, seed: UInt64) -> (eventsChecked: Int, violation: String?)? {
        switch model {
        case .repairPool: nil
        case .fleet(let topology): FleetSimulation.checkInvariants(topology, masterSeed: seed, replication: index)
        }
    }
}
