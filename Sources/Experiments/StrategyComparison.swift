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

        public init(name: String, runbooks: RunbookFile) {
            self.name = name
            self.runbooks = runbooks
        }
    }

    public struct Result: Sendable {
        public let strategies: [String]
        public let metrics: [Metric]
        /// [strategy][metric][replication]; `nil` where undefined.
        public let values: [[[Double?]]]

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
    }

    public static func run(_ scenario: Scenario, strategies: [Strategy], replications: Int, threads: Int,
                           seed: UInt64) throws(ComparisonError) -> Result {
        guard case .fleet(let topology) = scenario.model else {
            throw ComparisonError(description: "comparing strategies needs a fleet scenario")
        }
        guard !strategies.isEmpty else { throw ComparisonError(description: "no strategies to compare") }
        let base = topology.configuration
        var values: [[[Double?]]] = []
        var metrics: [Metric] = []
        for strategy in strategies {
            // The scenario's telemetry and action settings, with the strategy's runbooks.
            var configuration = base
            var management = base.management ?? ManagementConfiguration(strategy: strategy.name, runbooks: strategy.runbooks)
            management.strategy = strategy.name
            management.runbooks = strategy.runbooks
            configuration.management = management
            let variant = FleetTopology(configuration)
            metrics = FleetSimulation.metrics(for: configuration)
            let results = Replications.run(count: replications, threads: threads) {
                FleetSimulation.replicate(variant, masterSeed: seed, replication: $0)
            }
            values.append(metrics.indices.map { metric in results.map { $0.values[metric] } })
        }
        return Result(strategies: strategies.map(\.name), metrics: metrics, values: values)
    }
}
