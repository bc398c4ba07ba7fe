import CGSL

/// Empirical quantiles of a sample (p50/p90/p99 of repair times and the like).
public struct Quantiles: Sendable {
    private let sorted: [Double]

    /// Sorts a copy of `values` with `gsl_sort`.
    public init(_ values: [Double]) {
        var copy = values
        copy.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        sorted = copy
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
