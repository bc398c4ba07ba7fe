import CSV
import Experiments
import Foundation
import Reports
import ScenarioLoading
import SimulationCore
import Stochastics

/// What `fleetsim compare` shows and writes, from one comparison: the terminal table,
/// `comparison.csv` and `comparison.json` (each metric per strategy with its interval and its
/// paired difference from the baseline), and each strategy's own results folder.
struct ComparisonReport {
    let result: StrategyComparison.Result
    /// The metrics shown (`--metrics`), as indices into `result.metrics`.
    let shown: [Int]
    let scenarioFile: String
    let scenario: Scenario
    let seed: UInt64
    let replications: Int

    /// Column by column as docs/output.md describes `comparison.csv`.
    func csv() -> CSVTable {
        var table = CSVTable(header: ["metric", "strategy", "mean", "ci_low", "ci_high", "difference_from_baseline",
                                      "difference_ci_low", "difference_ci_high"])
        for index in shown {
            for strategy in result.strategies.indices {
                let (stats, ci, difference, dci) = figures(strategy: strategy, metric: index)
                table.append([result.metrics[index].name, result.strategies[strategy]]
                             + [stats?.mean, ci?.lowerBound, ci?.upperBound, difference?.mean, dci?.lowerBound, dci?.upperBound].map(ResultTable.cell))
            }
        }
        return table
    }

    /// The `fleetsim.compare/1` document (`--json`, and `comparison.json`).
    func document() -> [String: Any] {
        let metrics: [[String: Any]] = shown.map { index in
            let perStrategy: [[String: Any]] = result.strategies.indices.map { strategy in
                let (stats, ci, difference, dci) = figures(strategy: strategy, metric: index)
                return [
                    "strategy": result.strategies[strategy], "mean": stats?.mean ?? NSNull(), "ci_low": ci?.lowerBound ?? NSNull(),
                    "ci_high": ci?.upperBound ?? NSNull(), "difference_from_baseline": difference?.mean ?? NSNull(),
                    "difference_ci_low": dci?.lowerBound ?? NSNull(), "difference_ci_high": dci?.upperBound ?? NSNull(),
                    "difference_excludes_zero": dci.map { !$0.contains(0) } ?? NSNull(),
                ]
            }
            return ["metric": result.metrics[index].name, "unit": result.metrics[index].unit, "strategies": perStrategy]
        }
        return [
            "format": "fleetsim.compare/1", "scenario": scenarioFile, "scenario_name": scenario.name,
            "content_hash": scenario.contentHash, "seed": seed, "replications": replications, "strategies": result.strategies,
            "baseline": result.strategies[0], "confidence_level": 0.95, "metrics": metrics,
        ]
    }

    static func encoded(_ document: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// The terminal table: each metric's mean ± half-width per strategy, with the difference.
    func text() -> String {
        var lines = ["strategies: \(result.strategies.joined(separator: ", ")) (differences against \(result.strategies[0]); * = 95% interval excludes 0)"]
        for index in shown {
            var line = result.metrics[index].name.padding(toLength: 34, withPad: " ", startingAt: 0)
            for strategy in result.strategies.indices {
                let (stats, _, difference, dci) = figures(strategy: strategy, metric: index)
                var text = stats.map { String(format: "%.4g ± %.2g", $0.mean, $0.halfWidth() ?? 0) } ?? "n/a"
                if let difference, let dci { text += String(format: " (Δ %+.3g%@)", difference.mean, dci.contains(0) ? "" : "*") }
                line += "  " + text.padding(toLength: 30, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A folder of its own (`compare -o` where there are no results yet): the comparison, and
    /// under `strategies/<name>/` each strategy's results as `fleetsim run` writes a run's
    /// metrics (summary.json, metrics.csv, replications.csv) — all metrics, not only those shown.
    func folder() throws -> [String: Data] {
        var files = ["comparison.csv": Data(csv().text.utf8), "comparison.json": try Self.encoded(document())]
        for (strategy, name) in result.strategies.enumerated() {
            let replications = (0..<replications).map { replication in
                ReplicationResult(index: replication, values: result.metrics.indices.map { result.values[strategy][$0][replication] },
                                  eventsFired: result.eventsFired[strategy][replication])
            }
            let run = RunResults(scenario: .init(name: scenario.name, file: scenarioFile, contentHash: scenario.contentHash), seed: seed,
                                 horizonHours: scenario.horizon, warmupHours: scenario.warmup, metrics: result.metrics,
                                 replications: replications)
            for (file, data) in try ResultsWriter().render(run) { files["strategies/\(name)/\(file)"] = data }
        }
        return files
    }

    private func figures(strategy: Int, metric: Int)
        -> (SampleStatistics?, ClosedRange<Double>?, SampleStatistics?, ClosedRange<Double>?) {
        let stats = result.statistics(strategy: strategy, metric: metric)
        let difference = strategy > 0 ? result.difference(strategy: strategy, metric: metric) : nil
        return (stats, stats?.confidenceInterval(), difference, difference?.confidenceInterval())
    }
}
