import Foundation
import Stochastics

/// Goodness-of-fit helpers shared by the validation tests.
public enum GoodnessOfFit {
    /// Standard error of the sample variance estimated from the sample itself:
    /// √((m₄ − s⁴)/n), m₄ the fourth central moment (Cramér 1946, §27.7).
    public static func standardErrorOfVariance(_ sample: [Double]) -> Double {
        let stats = SampleStatistics(sample)
        let n = Double(sample.count)
        let m4 = sample.reduce(0) { $0 + pow($1 - stats.mean, 4) } / n
        let s2 = stats.standardDeviation * stats.standardDeviation
        return ((m4 - s2 * s2) / n).squareRoot()
    }
}
