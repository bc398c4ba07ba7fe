import Experiments
import FleetPolicy
import Foundation
import ScenarioLoading
import Testing

/// Closed-loop automation against manual operations on the shipped comparison scenario, on
/// common random numbers.
@Suite struct StrategyComparisonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func strategy(_ name: String) throws -> StrategyComparison.Strategy {
        let path = root.appendingPathComponent("runbooks/\(name).yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return .init(name: name, runbooks: try RunbookFile.parse(text, file: path), fingerprint: name)
    }

    @Test func closedLoopMitigatesFasterThanManualAndRunsAreReproducible() throws {
        let scenario = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/runbook-comparison.yaml").path)
            .withHorizon(24 * 120)
        let strategies = [try Self.strategy("manual"), try Self.strategy("closed-loop")]
        let result = try StrategyComparison.run(scenario, strategies: strategies, replications: 12, executor: LocalExecutor(threads: 2), seed: 77)
        let ttm = result.metrics.firstIndex { $0.name == "mean_time_to_mitigate_hours" }!
        let difference = try #require(result.difference(strategy: 1, metric: ttm))
        let interval = try #require(difference.confidenceInterval(level: 0.95))
        #expect(interval.upperBound < 0, "closed-loop − manual time to mitigate: \(difference.mean) h, 95% CI \(interval)")
        let automated = result.metrics.firstIndex { $0.name == "resolved_by_automation_share" }!
        #expect(result.statistics(strategy: 0, metric: automated)!.mean == 0)
        #expect(result.statistics(strategy: 1, metric: automated)!.mean > 0.2)

        let again = try StrategyComparison.run(scenario, strategies: strategies, replications: 12, executor: LocalExecutor(threads: 1), seed: 77)
        #expect(again.values == result.values, "same seed, any thread count: identical comparison")
    }
}
