import FleetModel
import LocatedYAML
import ScenarioLoading
import SimulationCore
import Stochastics

/// A runbook change tested like code: the baseline and the candidate runbooks run on the same
/// faults (common random numbers), and replications are added — doubling, from `initial` up to
/// `maximum` — until every gated metric is decided: a significant regression beyond its margin
/// (the gate fails), or significantly within it (non-inferior). Each look tests at
/// `alpha / looks` (Bonferroni over the planned looks, so stopping early does not inflate the
/// false-alarm rate), with Holm or Bonferroni across the gated metrics (`PairedTest`).
public enum RegressionGate {
    /// How much worse a metric may get: in its own unit, or as a share of the baseline's mean.
    public enum Margin: Sendable, Equatable {
        case absolute(Double)
        case relative(Double)

        func value(baselineMean: Double) -> Double {
            switch self {
            case .absolute(let amount): amount
            case .relative(let share): share * abs(baselineMean)
            }
        }
    }

    public struct Settings: Sendable {
        public var alpha = 0.05
        public var correction = PairedTest.Correction.holm
        public var initialReplications = 10
        public var maximumReplications = 160

        public init() {}

        /// The replication counts at which the gate looks: initial, doubling, up to the maximum.
        public var looks: [Int] {
            var counts = [min(initialReplications, maximumReplications)]
            while counts.last! < maximumReplications { counts.append(min(counts.last! * 2, maximumReplications)) }
            return counts
        }
    }

    public enum Verdict: String, Sendable {
        case pass, regression, undecided
    }

    public struct MetricResult: Sendable {
        public let metric: Metric
        public let margin: Double
        public let finding: PairedTest.Finding
        public let baselineMean: Double?
        public let candidateMean: Double?
        /// Candidate − baseline, with a simultaneous interval at the look's level (each side at
        /// level / metrics), in the metric's unit.
        public let difference: Double?
        public let differenceInterval: ClosedRange<Double>?
    }

    public struct Outcome: Sendable {
        public let verdict: Verdict
        public let replications: Int
        public let looksTaken: Int
        public let looksPlanned: Int
        /// The familywise level each look tests at (alpha / looks planned).
        public let levelPerLook: Double
        public let metrics: [MetricResult]
    }

    public struct GateError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The index of each gated metric among `metrics`: it must exist (a misspelling gets a
    /// did-you-mean) and have a direction.
    public static func check(_ gated: [String], among metrics: [Metric]) throws(GateError) -> [Int] {
        var indices: [Int] = []
        for name in gated {
            guard let index = metrics.firstIndex(where: { $0.name == name }) else {
                throw GateError(description: "no metric '\(name)' in this scenario"
                    + (Spelling.closest(to: name, among: metrics.map(\.name)).map { "; did you mean '\($0)'?" } ?? " (docs/output.md lists the metrics)"))
            }
            guard metrics[index].direction != .neither else {
                throw GateError(description: "metric '\(name)' is better neither higher nor lower (docs/output.md); it cannot be gated")
            }
            indices.append(index)
        }
        return indices
    }

    /// Runs the gate. `gated` names metrics of the scenario with a direction, each with its margin.
    public static func run(_ scenario: Scenario, baseline: StrategyComparison.Strategy, candidate: StrategyComparison.Strategy,
                           gated: [(name: String, margin: Margin)], settings: Settings, threads: Int, seed: UInt64,
                           progress: (Int) -> Void = { _ in }) throws(GateError) -> Outcome {
        let metrics = StrategyComparison.metrics(of: scenario, strategies: [baseline, candidate])
        let indices = try check(gated.map(\.name), among: metrics)
        let gatedMetrics = indices.map { metrics[$0] }
        return try sequential(metrics: gatedMetrics, margins: gated.map(\.margin), settings: settings, progress: progress) { range throws(GateError) in
            let batch: StrategyComparison.Result
            do {
                batch = try StrategyComparison.run(scenario, strategies: [baseline, candidate], replications: range.count, from: range.lowerBound,
                                                   executor: LocalExecutor(threads: threads), seed: seed)
            } catch let error as StrategyComparison.ComparisonError { throw GateError(description: error.description) } catch { throw GateError(description: "\(error)") }
            return (indices.map { batch.values[0][$0] }, indices.map { batch.values[1][$0] })
        }
    }

    /// The looks: replications `range` of every gated metric come from `batch` (baseline's and
    /// candidate's values, metric by metric), and each look decides what it can.
    public static func sequential(metrics: [Metric], margins: [Margin], settings: Settings, progress: (Int) -> Void = { _ in },
                                  batch: (Range<Int>) throws(GateError) -> (baseline: [[Double?]], candidate: [[Double?]]))
        throws(GateError) -> Outcome {
        let looks = settings.looks
        let level = settings.alpha / Double(looks.count)
        var baselineValues = Array(repeating: [Double?](), count: metrics.count)
        var candidateValues = baselineValues
        var done = 0
        var results: [MetricResult] = []
        for (look, count) in looks.enumerated() {
            let values = try batch(done..<count)
            for slot in metrics.indices {
                baselineValues[slot] += values.baseline[slot]
                candidateValues[slot] += values.candidate[slot]
            }
            done = count
            progress(done)
            results = evaluate(metrics: metrics, margins: margins, baseline: baselineValues, candidate: candidateValues,
                               level: level, correction: settings.correction)
            let decisions = results.map(\.finding.decision)
            let verdict: Verdict? = decisions.contains(.regression) ? .regression
                : decisions.allSatisfy({ $0 == .nonInferior || $0 == .identical }) ? .pass : nil
            if let verdict {
                return Outcome(verdict: verdict, replications: done, looksTaken: look + 1, looksPlanned: looks.count,
                               levelPerLook: level, metrics: results)
            }
        }
        return Outcome(verdict: .undecided, replications: done, looksTaken: looks.count, looksPlanned: looks.count,
                       levelPerLook: level, metrics: results)
    }

    static func evaluate(metrics: [Metric], margins: [Margin], baseline: [[Double?]], candidate: [[Double?]], level: Double,
                         correction: PairedTest.Correction) -> [MetricResult] {
        var worsenings: [[Double]] = [], absoluteMargins: [Double] = [], means: [(Double?, Double?)] = []
        for slot in metrics.indices {
            let pairs = zip(baseline[slot], candidate[slot]).compactMap { b, c in b.flatMap { b in c.map { (b, $0) } } }
            let sign = metrics[slot].direction == .higherIsBetter ? -1.0 : 1.0
            worsenings.append(pairs.map { sign * ($0.1 - $0.0) })
            let baselineMean = pairs.isEmpty ? nil : pairs.map(\.0).reduce(0, +) / Double(pairs.count)
            let candidateMean = pairs.isEmpty ? nil : pairs.map(\.1).reduce(0, +) / Double(pairs.count)
            means.append((baselineMean, candidateMean))
            absoluteMargins.append(margins[slot].value(baselineMean: baselineMean ?? 0))
        }
        let findings = PairedTest.decide(worsenings, margins: absoluteMargins, level: level, correction: correction)
        return metrics.indices.map { slot in
            let sign = metrics[slot].direction == .higherIsBetter ? -1.0 : 1.0
            let stats = findings[slot].worsening
            // Each side at level / metrics: a simultaneous (Bonferroni) two-sided interval.
            let interval = stats.flatMap { $0.confidenceInterval(level: 1 - 2 * level / Double(metrics.count)) }
                .map { sign > 0 ? $0 : (0 - $0.upperBound)...(0 - $0.lowerBound) }
            return MetricResult(metric: metrics[slot], margin: absoluteMargins[slot], finding: findings[slot],
                                baselineMean: means[slot].0, candidateMean: means[slot].1,
                                difference: stats.map { sign * $0.mean + 0 }, differenceInterval: interval)  // + 0: no "-0"
        }
    }
}
