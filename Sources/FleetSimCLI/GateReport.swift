import Experiments
import Foundation
import SimulationCore

/// What `fleetsim gate` prints: a line per gated metric with its decision, the candidate's
/// paired difference from the baseline and its simultaneous interval, and the verdict; or the
/// same as a `fleetsim.gate/1` JSON document.
struct GateReport {
    let outcome: RegressionGate.Outcome
    let scenario: String
    let baseline: String
    let candidate: String
    let seed: UInt64
    let settings: RegressionGate.Settings

    static let labels: [PairedTest.Decision: String] = [
        .regression: "REGRESSION", .nonInferior: "ok", .identical: "identical", .undecided: "undecided",
    ]

    func text() -> String {
        var lines = [
            "gate: \(candidate) against \(baseline) on \(scenario), seed \(seed)",
            "replications: \(outcome.replications) per runbook (look \(outcome.looksTaken) of \(outcome.looksPlanned); each look at "
                + "familywise level \(Self.number(outcome.levelPerLook)), \(settings.correction.rawValue) across \(outcome.metrics.count) metric(s))",
        ]
        let width = outcome.metrics.map(\.metric.name.count).max() ?? 0
        for result in outcome.metrics {
            let label = (Self.labels[result.finding.decision] ?? "").padding(toLength: 10, withPad: " ", startingAt: 0)
            let name = result.metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "\(label)  \(name)  "
            if let difference = result.difference {
                line += "Δ \(Self.signed(difference))"
                if let interval = result.differenceInterval { line += " [\(Self.signed(interval.lowerBound)), \(Self.signed(interval.upperBound))]" }
                line += " \(result.metric.unit)"
            } else {
                line += "Δ n/a"
            }
            let better = result.metric.direction == .higherIsBetter ? "higher" : "lower"
            line += " (margin \(Self.number(result.margin)) \(result.metric.unit); \(better) is better)"
            lines.append(line)
        }
        let verdicts: [RegressionGate.Verdict: String] = [
            .pass: "pass: no metric worse than its margin (exit 0)",
            .regression: "FAIL: a significant regression (exit 1)",
            .undecided: "undecided within \(settings.maximumReplications) replications (exit 2): raise --max-replications or widen the margins",
        ]
        lines.append("verdict: \(verdicts[outcome.verdict]!)")
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        func value(_ number: Double?) -> Any { number.map { $0.isFinite ? $0 as Any : NSNull() } ?? NSNull() }
        let metrics: [[String: Any]] = outcome.metrics.map { result in
            [
                "metric": result.metric.name, "unit": result.metric.unit, "direction": result.metric.direction.rawValue,
                "margin": result.margin, "decision": result.finding.decision.rawValue,
                "baseline_mean": value(result.baselineMean), "candidate_mean": value(result.candidateMean),
                "difference": value(result.difference), "difference_ci_low": value(result.differenceInterval?.lowerBound),
                "difference_ci_high": value(result.differenceInterval?.upperBound),
                "p_regression": result.finding.pRegression, "p_non_inferior": result.finding.pNonInferior,
            ]
        }
        let document: [String: Any] = [
            "format": "fleetsim.gate/1", "scenario": scenario, "baseline": baseline, "candidate": candidate, "seed": seed,
            "verdict": outcome.verdict.rawValue, "replications": outcome.replications, "looks_taken": outcome.looksTaken,
            "looks_planned": outcome.looksPlanned, "alpha": settings.alpha, "level_per_look": outcome.levelPerLook,
            "correction": settings.correction.rawValue, "metrics": metrics,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func number(_ value: Double) -> String { String(format: "%.4g", value) }
    static func signed(_ value: Double) -> String { String(format: "%+.4g", value) }
}
