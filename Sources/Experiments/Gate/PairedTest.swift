import Stochastics

/// The statistics of a regression gate, on paired data: for each gated metric, the worsening of
/// the candidate against the baseline replication by replication (candidate − baseline for a
/// lower-is-better metric, baseline − candidate for a higher-is-better one), and a margin δ ≥ 0
/// in the metric's unit that a change may worsen it by.
///
/// Two one-sided paired t-tests per metric: a **regression** when the mean worsening is
/// significantly above δ (H0: μ ≤ δ), **non-inferior** when it is significantly below δ
/// (H0: μ ≥ δ). Across the gated metrics each family of tests is corrected for multiplicity
/// (Holm's step-down, or Bonferroni), so that the chance of naming any false regression is at
/// most the level. A metric whose paired differences are all exactly zero — the candidate
/// behaved identically on every replication — is `identical`, which passes.
public enum PairedTest {
    public enum Correction: String, CaseIterable, Sendable { case holm, bonferroni }

    public enum Decision: String, Sendable {
        case regression
        case nonInferior = "non_inferior"
        case identical
        case undecided
    }

    public struct Finding: Sendable {
        public let decision: Decision
        /// Mean worsening and its spread over the pairs (nil with fewer than 2 pairs).
        public let worsening: SampleStatistics?
        public let margin: Double
        /// One-sided p-values, before correction.
        public let pRegression: Double
        public let pNonInferior: Double
    }

    /// Decides every metric at familywise level `level`.
    public static func decide(_ worsenings: [[Double]], margins: [Double], level: Double, correction: Correction) -> [Finding] {
        precondition(worsenings.count == margins.count)
        var findings: [(stats: SampleStatistics?, identical: Bool, pRegression: Double, pNonInferior: Double)] = []
        for (values, margin) in zip(worsenings, margins) {
            guard values.count >= 2 else { findings.append((nil, false, 1, 1)); continue }
            let stats = SampleStatistics(values)
            if values.allSatisfy({ $0 == 0 }) { findings.append((stats, true, 1, 0)); continue }
            if stats.standardDeviation == 0 {
                findings.append((stats, false, stats.mean > margin ? 0 : 1, stats.mean < margin ? 0 : 1))
                continue
            }
            let t = (stats.mean - margin) / stats.standardError
            let upper = SampleStatistics.studentTUpperTail(t, degreesOfFreedom: values.count - 1)
            findings.append((stats, false, upper, 1 - upper))
        }
        let regressions = rejected(findings.map(\.pRegression), level: level, correction: correction)
        let nonInferior = rejected(findings.map(\.pNonInferior), level: level, correction: correction)
        return findings.indices.map { index in
            let finding = findings[index]
            let decision: Decision = regressions[index] ? .regression
                : finding.identical ? .identical : nonInferior[index] ? .nonInferior : .undecided
            return Finding(decision: decision, worsening: finding.stats, margin: margins[index],
                           pRegression: finding.pRegression, pNonInferior: finding.pNonInferior)
        }
    }

    /// Which hypotheses of `pValues` are rejected at familywise level `level`.
    public static func rejected(_ pValues: [Double], level: Double, correction: Correction) -> [Bool] {
        let count = pValues.count
        var result = Array(repeating: false, count: count)
        switch correction {
        case .bonferroni:
            for index in pValues.indices where pValues[index] <= level / Double(count) { result[index] = true }
        case .holm:
            // Smallest p first; stop at the first that misses its threshold level / (m − k).
            for (rank, index) in pValues.indices.sorted(by: { pValues[$0] < pValues[$1] }).enumerated() {
                guard pValues[index] <= level / Double(count - rank) else { break }
                result[index] = true
            }
        }
        return result
    }
}
