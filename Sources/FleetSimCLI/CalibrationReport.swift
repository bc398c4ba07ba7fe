import CSV
import Experiments
import Foundation
import ScenarioLoading
import Stochastics

/// What `fleetsim calibrate` writes and prints: the fits, each quantity logged against
/// simulated with its tests and verdict, Q-Q quantiles, the hold-out check, and a simulated log.
struct CalibrationReport {
    let calibration: Calibration
    let log: String
    let scenario: String
    let className: String
    let failures: Int
    let seed: UInt64
    let settings: Calibration.Settings

    var exitCode: Int32 {
        let predicted = (try? calibration.holdOut?.get().predicted) ?? true
        return calibration.consistent && predicted ? 0 : 2
    }

    func comparisonTable() -> CSVTable {
        var table = CSVTable(header: ["quantity", "logged_count", "simulated_count", "logged_mean", "simulated_mean", "logged_median",
                                      "simulated_median", "ks_statistic", "ks_p_value", "anderson_darling", "anderson_darling_p_value",
                                      "level", "verdict"])
        for comparison in calibration.comparisons {
            table.append([comparison.quantity.rawValue, "\(comparison.logged.count)", "\(comparison.simulated.count)",
                          Self.number(Self.mean(comparison.logged)), Self.number(Self.mean(comparison.simulated)),
                          Self.number(Quantiles(comparison.logged).value(at: 0.5)), Self.number(Quantiles(comparison.simulated).value(at: 0.5)),
                          Self.number(comparison.ksStatistic), Self.number(comparison.ksPValue), Self.number(comparison.andersonDarling),
                          Self.number(comparison.andersonDarlingPValue), Self.number(comparison.level), comparison.verdict.rawValue])
        }
        return table
    }

    func quantileTable() -> CSVTable {
        var table = CSVTable(header: ["quantity", "probability", "logged", "simulated"])
        for comparison in calibration.comparisons {
            for point in comparison.quantiles {
                table.append([comparison.quantity.rawValue, Self.number(point.probability), Self.number(point.logged), Self.number(point.simulated)])
            }
        }
        return table
    }

    func holdOutTable() -> CSVTable? {
        guard case .success(let holdOut) = calibration.holdOut else { return nil }
        var table = CSVTable(header: ["figure", "unit", "logged", "simulated_mean", "low", "high", "inside"])
        for prediction in holdOut.predictions {
            table.append([prediction.name, prediction.unit, Self.number(prediction.logged), Self.number(prediction.simulatedMean),
                          Self.number(prediction.low), Self.number(prediction.high), prediction.inside ? "true" : "false"])
        }
        return table
    }

    /// Replication 0's failures in the FleetSim log format (docs/incident-logs.md).
    func simulatedLog() -> CSVTable {
        var table = CSVTable(header: ["time", "node", "category", "repair_hours"])
        for failure in calibration.simulatedLog {
            table.append([Self.number(failure.time), failure.node.map(String.init) ?? "", className, failure.repairHours.map(Self.number) ?? ""])
        }
        return table
    }

    func json() -> Data {
        func value(_ number: Double?) -> Any { number.map { $0.isFinite ? $0 as Any : NSNull() } ?? NSNull() }
        func fits(_ fits: [DistributionFit]) -> [[String: Any]] {
            fits.map { fit in
                ["family": fit.distribution.family, "scenario_text": DistributionText.scenarioText(fit.distribution),
                 "parameters": fit.parameters.map { ["name": $0.name, "value": value($0.value), "standard_error": value($0.standardError)] },
                 "log_likelihood": value(fit.logLikelihood), "aic": value(fit.aic)]
            }
        }
        func fitDocument(_ fit: Calibration.ClassFit) -> [String: Any] {
            ["time_to_failure_hours": fits(fit.timeToFailure), "repair_time_hours": fits(fit.repairTime),
             "lifetimes": fit.lifetimes, "censored_lifetimes": fit.censored, "repairs": fit.repairs]
        }
        var document: [String: Any] = [
            "format": "fleetsim.calibration/1", "log": log, "scenario": scenario, "class": className, "incidents": failures,
            "period_hours": calibration.span, "seed": seed, "replications": settings.replications, "alpha": settings.alpha,
            "permutations": settings.permutations, "consistent": calibration.consistent, "fit": fitDocument(calibration.fit),
            "comparisons": calibration.comparisons.map { comparison -> [String: Any] in
                ["quantity": comparison.quantity.rawValue, "title": comparison.quantity.title, "logged_count": comparison.logged.count,
                 "simulated_count": comparison.simulated.count, "logged_mean": value(Self.mean(comparison.logged)),
                 "simulated_mean": value(Self.mean(comparison.simulated)), "ks_statistic": value(comparison.ksStatistic),
                 "ks_p_value": value(comparison.ksPValue), "anderson_darling": value(comparison.andersonDarling),
                 "anderson_darling_p_value": value(comparison.andersonDarlingPValue), "level": comparison.level,
                 "verdict": comparison.verdict.rawValue]
            },
        ]
        switch calibration.holdOut {
        case .success(let holdOut):
            document["hold_out"] = [
                "fraction": holdOut.fraction, "training_hours": holdOut.trainingHours, "held_out_hours": holdOut.heldOutHours,
                "training_incidents": holdOut.trainingFailures, "held_out_incidents": holdOut.heldOutFailures,
                "predicted": holdOut.predicted, "fit": fitDocument(holdOut.fit),
                "predictions": holdOut.predictions.map { prediction -> [String: Any] in
                    ["figure": prediction.name, "unit": prediction.unit, "logged": prediction.logged,
                     "simulated_mean": prediction.simulatedMean, "low": prediction.low, "high": prediction.high, "inside": prediction.inside]
                },
            ] as [String: Any]
        case .failure(let error):
            document["hold_out"] = ["skipped": error.description]
        case nil:
            document["hold_out"] = NSNull()
        }
        return (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    func text(directory: String) -> String {
        var lines = ["calibrate: \(log) against class '\(className)' of \(scenario): \(failures) incidents over "
            + "\(String(format: "%.1f", calibration.span / 24)) days; \(settings.replications) replications, seed \(seed)"]
        lines.append("fitted (best by AIC): time_to_failure \(best(calibration.fit.timeToFailure)) (\(calibration.fit.lifetimes) lifetimes, \(calibration.fit.censored) censored), "
            + "repair_time \(best(calibration.fit.repairTime)) (\(calibration.fit.repairs) repairs)")
        lines.append("")
        lines.append("quantity                       logged mean  simulated mean       KS p       AD p  verdict (AD p ≥ \(Self.short(calibration.comparisons.first?.level)))")
        for comparison in calibration.comparisons {
            lines.append(comparison.quantity.rawValue.padding(toLength: 29, withPad: " ", startingAt: 0)
                + Self.short(Self.mean(comparison.logged)).leftPadded(13) + Self.short(Self.mean(comparison.simulated)).leftPadded(16)
                + Self.short(comparison.ksPValue).leftPadded(11) + Self.short(comparison.andersonDarlingPValue).leftPadded(11)
                + "  " + comparison.verdict.rawValue.replacingOccurrences(of: "_", with: " "))
        }
        lines.append("")
        switch calibration.holdOut {
        case .success(let holdOut):
            lines.append("hold-out: fitted on the first \(Int(((1 - holdOut.fraction) * 100).rounded()))% "
                + "(\(holdOut.trainingFailures) incidents), predicting the last \(Int((holdOut.fraction * 100).rounded()))% "
                + "(\(holdOut.heldOutFailures) incidents):")
            for prediction in holdOut.predictions {
                let unit = prediction.unit.isEmpty ? "" : " \(prediction.unit)"
                lines.append("  \(prediction.name): logged \(Self.short(prediction.logged))\(unit), predicted "
                    + "[\(Self.short(prediction.low)), \(Self.short(prediction.high))]\(unit) — \(prediction.inside ? "inside" : "OUTSIDE")")
            }
            lines.append("  " + (holdOut.predicted ? "the model fitted on the first part predicts the rest"
                                                    : "the model fitted on the first part does not predict the rest: the process changed, or the model misses something"))
        case .failure(let error):
            lines.append("hold-out: skipped (\(error.description))")
        case nil:
            lines.append("hold-out: not asked for (--hold-out 0)")
        }
        lines.append("")
        lines.append(exitCode == 0 ? "verdict: consistent — the calibrated scenario reproduces the log (exit 0)"
                                   : "verdict: the calibrated scenario and the log differ (exit 2); see \(directory)/report.html")
        lines.append("results: \(directory)/ (calibrated.yaml, comparison.csv, qq.csv, calibration.json, report.html)")
        return lines.joined(separator: "\n")
    }

    func best(_ fits: [DistributionFit]) -> String {
        fits.first.map { DistributionText.scenarioText($0.distribution) } ?? "kept from the scenario (too few repair times in the log)"
    }

    static func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

    /// Four significant digits, for the terminal.
    static func short(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.4g", value)
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.6g", value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
