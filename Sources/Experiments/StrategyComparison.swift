import FleetModel
import FleetPolicy
import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics

/// Runs one fleet scenario under several management strategies on common random numbers — the
/// same seed, so the same faults, repair draws and arrivals — and compares every metric with a
/// paired confidence interval of its difference from the first strategy.
///
/// Pairing replication i of each strategy with replication i of the baseline removes most of the
/// run-to-run noise from the difference, so real differences show with few replications.
public enum StrategyComparison {
    public struct Strategy: Sendable {
        public let name: String
        public let runbooks: RunbookFile
        /// Identifies the runbooks' content in the study's definition (a hash of the file).
        public let fingerprint: String

        public init(name: String, runbooks: RunbookFile, fingerprint: String) {
            self.name = name
            self.runbooks = runbooks
            self.fingerprint = fingerprint
        }
    }

    public struct Result: Sendable {
        public let strategies: [String]
        public let metrics: [Metric]
        /// [strategy][metric][replication]; `nil` where undefined.
        public let values: [[[Double?]]]
        /// [strategy][replication]: events each replication fired.
        public let eventsFired: [[Int]]

        /// Mean and confidence interval of metric `metric` under strategy `strategy`.
        public func statistics(strategy: Int, metric: Int) -> SampleStatistics? {
            let present = values[strategy][metric].compactMap { $0 }
            return present.isEmpty ? nil : SampleStatistics(present)
        }

        /// Strategy `strategy` minus the first, replication by replication, over replications
        /// where both are defined.
        public func difference(strategy: Int, metric: Int) -> SampleStatistics? {
            let pairs = zip(values[strategy][metric], values[0][metric]).compactMap { a, b in a.flatMap { a in b.map { a - $0 } } }
            return pairs.isEmpty ? nil : SampleStatistics(pairs)
        }
    }

    public struct ComparisonError: Error, CustomStringConvertible {
        public let description: String
        /// Set when the study itself stopped (a shard written, shards missing).
        public var study: StudyError?
    }

    /// Replications `first ..< first + replications` of each strategy (a gate adds replications
    /// look by look; replication i draws from the same streams whenever it runs).
    public static func run(_ scenario: Scenario, strategies: [Strategy], replications: Int, from first: Int = 0,
                           executor: any StudyExecutor, seed: UInt64) throws(ComparisonError) -> Result {
        guard case .fleet(let topology) = scenario.model else {
            throw ComparisonError(description: "comparing strategies needs a fleet scenario")
        }
        guard !strategies.isEmpty else { throw ComparisonError(description: "no strategies to compare") }
        let variants = strategies.map { FleetTopology(configuration(topology.configuration, under: $0)) }
        let metrics = FleetSimulation.metrics(for: variants[variants.count - 1].configuration)
        let variantNames = strategies.map { "strategy \($0.name) \($0.fingerprint)" }
        let round = first == 0
            ? StudyRound(definition: "compare\n\(scenario.studyIdentity)", variants: variantNames, seed: seed, replications: replications)
            : StudyRound(definition: "compare\n\(scenario.studyIdentity)", variants: variantNames, seed: seed,
                         units: variantNames.indices.flatMap { variant in (first..<first + replications).map { StudyUnit(variant: variant, replication: $0) } })
        let outcomes: [ReplicationResult]
        do {
            outcomes = try executor.evaluate(round) { unit in
                let result = FleetSimulation.replicate(variants[unit.variant], masterSeed: seed, replication: unit.replication)
                return ReplicationResult(index: unit.replication, values: result.values, eventsFired: result.eventsFired)
            }
        } catch { throw ComparisonError(description: error.description, study: error) }
        let byStrategy = StudyRound.byVariant(outcomes, replications: replications)
        return Result(strategies: strategies.map(\.name), metrics: metrics,
                      values: byStrategy.map { runs in metrics.indices.map { metric in runs.map { $0.values[metric] } } },
                      eventsFired: byStrategy.map { $0.map(\.eventsFired) })
    }

    /// The scenario's telemetry and action settings, with the strategy's runbooks.
    static func configuration(_ base: FleetConfiguration, under strategy: Strategy) -> FleetConfiguration {
        var configuration = base
        var management = base.management ?? ManagementConfiguration(strategy: strategy.name, runbooks: strategy.runbooks)
        management.strategy = strategy.name
        management.runbooks = strategy.runbooks
        configuration.management = management
        return configuration
    }

    /// The metrics a comparison of `strategies` on `scenario` reports (before running it).
    public static func metrics(of scenario: Scenario, strategies: [Strategy]) -> [Metric] {
        guard case .fleet(let topology) = scenario.model, let last = strategies.last else { return [] }
        return FleetSimulation.metrics(for: configuration(topology.configuration, under: last))
    }
}
