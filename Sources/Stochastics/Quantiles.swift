import CGSL

/// Empirical quantiles of a sample (p50/p90/p99 of repair times and the like), each by GSL's
/// linear interpolation between order statistics (`gsl_stats_quantile_from_sorted_data`).
public struct Quantiles: Sendable {
    private enum Storage: Sendable {
        /// The whole sample, sorted: any level can be asked for.
        case sorted([Double])
        /// Only the levels chosen up front, found by selection.
        case selected(levels: [Double], values: [Double?])
    }

    private let storage: Storage

    /// Sorts a copy of `values`. With the standard library's sort rather than `gsl_sort`, a heap
    /// sort: the order is the same (the values are totally ordered; NaN is not a sample), and on
    /// the millions of repair times of a large fleet it took 11% of the run (perf, 1M GPUs × 10 y).
    public init(_ values: [Double]) {
        storage = .sorted(values.sorted())
    }

    /// The quantiles of `values` at `levels` only, found without sorting: `values` is reordered
    /// in place by `gsl_stats_select` (quickselect, O(n) per level) so that the two order
    /// statistics a level interpolates between sit where a sorted sample would have them, and
    /// GSL's interpolation reads them there — the same numbers as after a full sort. A large
    /// fleet's millions of repair and detection times took 4.7% of its run to sort (10M GPUs ×
    /// 2 y); nor does selection need the sort's scratch buffer.
    public init(levels: [Double], selectingIn values: inout [Double]) {
        let quantiles = levels.map { level in
            values.withUnsafeMutableBufferPointer { Self.select(level, in: $0) }
        }
        storage = .selected(levels: levels, values: quantiles)
    }

    /// The `p`-quantile (0 ≤ p ≤ 1); `nil` for an empty sample. Of a selected instance, only
    /// the levels it was made for.
    public func value(at p: Double) -> Double? {
        Self.checkLevel(p)
        switch storage {
        case .sorted(let sorted):
            guard !sorted.isEmpty else { return nil }
            return sorted.withUnsafeBufferPointer {
                gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p)
            }
        case .selected(let levels, let values):
            guard let index = levels.firstIndex(of: p) else {
                preconditionFailure("quantile \(p) was not among the levels selected (\(levels))")
            }
            return values[index]
        }
    }

    private static func checkLevel(_ p: Double) {
        precondition(p >= 0 && p <= 1, "quantile level must lie in [0, 1], got \(p)")
    }

    /// Puts the order statistics GSL's `p`-quantile reads (at ⌊p(n − 1)⌋ and the next) in
    /// their sorted places, then lets GSL interpolate.
    private static func select(_ p: Double, in buffer: UnsafeMutableBufferPointer<Double>) -> Double? {
        checkLevel(p)
        guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
        let count = buffer.count
        let lower = Int(p * Double(count - 1))  // as GSL truncates its index
        if lower + 1 < count {
            // The upper statistic first, over the whole sample (everything before it is then no
            // larger); the lower one is the largest of those, found without moving the upper.
            let upper = gsl_stats_select(base, 1, count, lower + 1)
            precondition(buffer[lower + 1] == upper, "gsl_stats_select left the order statistic elsewhere")
        }
        let below = gsl_stats_select(base, 1, lower + 1, lower)
        precondition(buffer[lower] == below, "gsl_stats_select left the order statistic elsewhere")
        return gsl_stats_quantile_from_sorted_data(base, 1, count, p)
    }
}
