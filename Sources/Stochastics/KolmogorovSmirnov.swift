import Foundation

/// The one-sample Kolmogorov–Smirnov test of a sample against a continuous distribution.
public enum KolmogorovSmirnov {
    /// D = sup |F_n(x) − F(x)|, compared at each distinct sample value and just below it, so that
    /// it is also right for a discrete F (where the test is conservative).
    public static func statistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
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

    /// P(K > x) for Kolmogorov's limiting distribution, Q(x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}
    /// (Kolmogorov 1933). The series converges fast for x ≳ 0.2; below, Q is 1 to double precision.
    public static func limitingSurvival(_ x: Double) -> Double {
        guard x > 0.18 else { return 1 }
        var sum = 0.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * x * x)
            sum += k % 2 == 1 ? term : -term
            if term < 1e-17 { break }
        }
        return Swift.min(1, Swift.max(0, 2 * sum))
    }

    /// The asymptotic p-value of D for n draws, with Stephens' (1970) small-sample correction
    /// (√n + 0.12 + 0.11/√n)·D. With parameters estimated from the same sample it is conservative
    /// (too large), as Lilliefors showed.
    public static func pValue(statistic d: Double, count n: Int) -> Double {
        let root = Double(n).squareRoot()
        return limitingSurvival((root + 0.12 + 0.11 / root) * d)
    }

    /// The critical value of D at significance `alpha` for `n` draws (asymptotic): the (1 − α)
    /// quantile of Kolmogorov's distribution, solved by bisection, over √n.
    public static func criticalValue(alpha: Double, count n: Int) -> Double {
        precondition(alpha > 0 && alpha < 1)
        var low = 0.18, high = 4.0
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if limitingSurvival(mid) > alpha { low = mid } else { high = mid }
        }
        return (low + high) / 2 / Double(n).squareRoot()
    }
}
