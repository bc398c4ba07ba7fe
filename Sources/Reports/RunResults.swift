import SimulationCore
import Stochastics

/// Everything a finished run produced, as a value: what was run, and one result per replication.
/// Reports render it; nothing here prints or touches files, so sharded runs can merge these.
public struct RunResults: Sendable {
    public struct ScenarioInfo: Hashable, Sendable {
        public var name: String
        public var file: String
        public var contentHash: String

        public init(name: String, file: String, contentHash: String) {
            self.name = name
            self.file = file
            self.contentHash = contentHash
        }
    }

    public var scenario: ScenarioInfo
    public var seed: UInt64
    public var horizonHours: Double
    public var warmupHours: Double
    public var metrics: [Metric]
    /// In replication order.
    public var replications: [ReplicationResult]
    /// Inputs that silently skew a result (`Scenario.warnings`); in summary.json when there are any.
    public var warnings: [String] = []

    public init(
        scenario: ScenarioInfo, seed: UInt64, horizonHours: Double, warmupHours: Double,
        metrics: [Metric], replications: [ReplicationResult]
    ) {
        self.scenario = scenario
        self.seed = seed
        self.horizonHours = horizonHours
        self.warmupHours = warmupHours
        self.metrics = metrics
        self.replications = replications
    }

    public var totalEvents: Int { replications.reduce(0) { $0 + $1.eventsFired } }

    /// The across-replication summary of metric `index` (replications where it is undefined are
    /// left out), or `nil` if no replication defined it.
    public func statistics(ofMetric index: Int) -> SampleStatistics? {
        let values = replications.compactMap { $0.values[index] }
        return values.isEmpty ? nil : SampleStatistics(values)
    }
}
