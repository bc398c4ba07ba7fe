import Foundation
import SimulationCore
import Stochastics

/// The `summary.json` of a run: what was run and, per metric, the mean over replications with its
/// confidence interval. Documented in docs/output.md; the `format` field versions the layout.
struct SummaryDocument: Encodable {
    static let format = "fleetsim.summary/1"

    struct MetricSummary: Encodable {
        let name: String
        let unit: String
        let description: String
        let direction: String
        let replications: Int
        let mean: Double?
        let ciLow: Double?
        let ciHigh: Double?
        let halfWidth: Double?
        let standardDeviation: Double?
        let min: Double?
        let max: Double?

        enum CodingKeys: String, CodingKey {
            case name, unit, description, direction, replications, mean
            case ciLow = "ci_low", ciHigh = "ci_high", halfWidth = "ci_half_width"
            case standardDeviation = "std_dev", min, max
        }

        /// Writes `null` for undefined values, so every metric object has the same keys.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(unit, forKey: .unit)
            try container.encode(description, forKey: .description)
            try container.encode(direction, forKey: .direction)
            try container.encode(replications, forKey: .replications)
            for (key, value) in [(CodingKeys.mean, mean), (.ciLow, ciLow), (.ciHigh, ciHigh),
                                 (.halfWidth, halfWidth), (.standardDeviation, standardDeviation),
                                 (.min, min), (.max, max)] {
                try container.encode(value, forKey: key)
            }
        }
    }

    struct ScenarioSection: Encodable {
        let name: String
        let file: String
        let contentHash: String
        enum CodingKeys: String, CodingKey { case name, file, contentHash = "content_hash" }
    }

    let format: String
    let toolVersion: String
    let scenario: ScenarioSection
    let seed: UInt64
    let replications: Int
    let horizonHours: Double
    let warmupHours: Double
    let confidenceLevel: Double
    let eventsFired: Int
    let metrics: [MetricSummary]
    /// Absent when there are none, so runs without warnings keep their bytes.
    let warnings: [String]?

    enum CodingKeys: String, CodingKey {
        case format, toolVersion = "tool_version", scenario, seed, replications
        case horizonHours = "horizon_hours", warmupHours = "warmup_hours"
        case confidenceLevel = "confidence_level", eventsFired = "events_fired", metrics, warnings
    }

    init(_ results: RunResults, toolVersion: String, confidenceLevel: Double) {
        format = Self.format
        self.toolVersion = toolVersion
        scenario = ScenarioSection(
            name: results.scenario.name, file: results.scenario.file,
            contentHash: results.scenario.contentHash)
        seed = results.seed
        replications = results.replications.count
        horizonHours = results.horizonHours
        warmupHours = results.warmupHours
        self.confidenceLevel = confidenceLevel
        eventsFired = results.totalEvents
        warnings = results.warnings.isEmpty ? nil : results.warnings
        metrics = results.metrics.enumerated().map { index, metric in
            let stats = results.statistics(ofMetric: index)
            let interval = stats?.confidenceInterval(level: confidenceLevel)
            return MetricSummary(
                name: metric.name, unit: metric.unit, description: metric.description, direction: metric.direction.rawValue,
                replications: stats?.count ?? 0, mean: stats?.mean,
                ciLow: interval?.lowerBound, ciHigh: interval?.upperBound,
                halfWidth: stats?.halfWidth(level: confidenceLevel),
                standardDeviation: stats?.standardDeviation, min: stats?.min, max: stats?.max)
        }
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
