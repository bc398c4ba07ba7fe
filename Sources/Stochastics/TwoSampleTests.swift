import Foundation

/// Whether two samples come from the same distribution — a simulated quantity against the same
/// quantity in an operator's log (time between failures, repair times): the two-sample
/// Kolmogorov–Smirnov and Anderson–Darling tests.
public enum TwoSampleTests {
    /// D = sup |F_a(x) − F_b(x)| over the pooled values (ties move both steps at once).
    public static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> Double {
        precondition(!a.isEmpty && !b.isEmpty)
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < x.count && j < y.count {
            let value = Swift.min(x[i], y[j])
            while i < x.count && x[i] == value { i += 1 }
            while j < y.count && y[j] == value { j += 1 }
            d = Swift.max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    /// The asymptotic p-value of the two-sample D: Kolmogorov's distribution at the effective
    /// size n·m/(n + m), with Stephens' correction (as `KolmogorovSmirnov.pValue`).
    public static func kolmogorovSmirnovPValue(_ d: Double, counts n: Int, _ m: Int) -> Double {
        let effective = Double(n) * Double(m) / Double(n + m)
        let root = effective.squareRoot()
        return KolmogorovSmirnov.limitingSurvival((root + 0.12 + 0.11 / root) * d)
    }

    /// Scholz and Stephens' (1987) two-sample Anderson–Darling statistic A²_kN (k = 2, for
    /// continuous data): weighs differences in the tails, where KS is weak.
    public static func andersonDarling(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count >= 1 && b.count >= 1)
        let ranks = PooledRanks(a + b)
        var scratch = [Int](repeating: 0, count: ranks.count)
        return ranks.andersonDarling(inA: a.indices.map { _ in true } + b.indices.map { _ in false }, countA: a.count, scratch: &scratch)
    }

    /// A permutation p-value for a two-sample statistic: the share of `permutations` random
    /// relabellings of the pooled values (GSL draws from `stream`) whose statistic is at least
    /// the observed one, counting the observed labelling itself (so never 0).
    public static func permutationPValue(_ a: [Double], _ b: [Double], permutations: Int, stream: RandomStream,
                                         statistic: ([Double], [Double]) -> Double) -> Double {
        precondition(permutations > 0)
        let observed = statistic(a, b)
        var pooled = a + b
        var atLeast = 1
        for _ in 0..<permutations {
            // Fisher–Yates with GSL's uniform integers.
            for index in stride(from: pooled.count - 1, to: 0, by: -1) {
                pooled.swapAt(index, stream.index(below: index + 1))
            }
            if statistic(Array(pooled[..<a.count]), Array(pooled[a.count...])) >= observed - 1e-12 { atLeast += 1 }
        }
        return Double(atLeast) / Double(permutations + 1)
    }
}
