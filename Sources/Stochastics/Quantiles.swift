import CGSL

/// Empirical quantiles of a sample (p50/p90/p99 of repair times and the like).
public struct Quantiles: Sendable {
    private let sorted: [Double]

    /// Sorts a copy of `values`. With the standard library's sort rather than `gsl_sort`, a heap
    /// sort: the order is the same (the values are totally ordered; NaN is not a sample), and on
    /// the millions of repair times of a large fleet it took 11% of the run (perf, 1M GPUs × 10 y).
    public init(_ values: [Double]) {
        sorted = values.sorted()
    }

    /// Sorts `values` in place and keeps them (shared, not copied): for samples of millions of
    /// repair times, whose sorted copies alone were a quarter of a 10M-GPU fleet's peak memory.
    public init(sorting values: inout [Double]) {
        values.sort()
        sorted = values
    }

    public var count: Int { sorted.count }

    /// The `p`-quantile (0 ≤ p ≤ 1) by GSL's linear interpolation between order statistics
    /// (`gsl_stats_quantile_from_sorted_data`); `nil` for an empty sample.
    public func value(at p: Double) -> Double? {
        precondition(p >= 0 && p <= 1, "quantile level must lie in [0, 1], got \(p)")
        guard !sorted.isEmpty else { return nil }
        return sorted.withUnsafeBufferPointer {
            gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p)
        }
    }
}
