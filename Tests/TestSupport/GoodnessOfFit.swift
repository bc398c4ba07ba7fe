import Foundation
import Stochastics

/// Goodness-of-fit helpers shared by the validation tests.
public enum GoodnessOfFit {
    /// The one-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)|, compared at each
    /// distinct sample value and just below it, so that it is also right for discrete F (where
    /// the test is conservative).
    public static func kolmogorovSmirnov(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        var start = 0
        while start < sorted.count {
            let x = sorted[start]
            var end = start
            while end < sorted.count && sorted[end] == x { end += 1 }
            d = max(d, abs(Double(end) / n - cdf(x)), abs(Double(start) / n - cdf(x.nextDown)))
            start = end
        }
        return d
    }

    /// The asymptotic critical value of D at significance `alpha` for `n` draws: the (1 − α)
    /// quantile of Kolmogorov's distribution, P(K ≤ x) = 1 − 2 Σ (−1)^{k−1} e^{−2k²x²}, solved by
    /// bisection, divided by √n. (For α = 0.01 the quantile is ≈ 1.628.)
    public static func kolmogorovCriticalValue(alpha: Double, n: Int) -> Double {
        func cdf(_ x: Double) -> Double {
            var sum = 0.0
            for k in 1...100 {
                let term = exp(-2 * Double(k * k) * x * x)
                sum += (k % 2 == 1 ? term : -term)
            }
            return 1 - 2 * sum
        }
        var low = 0.3, high = 3.0
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if cdf(mid) < 1 - alpha { low = mid } else { high = mid }
        }
        return (low + high) / 2 / Double(n).squareRoot()
    }

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
