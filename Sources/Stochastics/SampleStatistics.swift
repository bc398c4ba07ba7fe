import CGSL
import Foundation

/// Summary of independent observations of one quantity, typically one value per replication,
/// with a Student-t confidence interval for its mean.
public struct SampleStatistics: Hashable, Sendable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (n − 1 in the denominator); 0 for a single observation.
    public let standardDeviation: Double
    public let min: Double
    public let max: Double

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "SampleStatistics needs at least one value")
        count = values.count
        (mean, standardDeviation, min, max) = values.withUnsafeBufferPointer { buffer in
            let data = buffer.baseAddress
            let mean = gsl_stats_mean(data, 1, buffer.count)
            let sd = buffer.count > 1 ? gsl_stats_sd_m(data, 1, buffer.count, mean) : 0
            var low = 0.0, high = 0.0
            gsl_stats_minmax(&low, &high, data, 1, buffer.count)
            return (mean, sd, low, high)
        }
    }

    public var standardError: Double { standardDeviation / Double(count).squareRoot() }

    /// Half-width of the two-sided prediction interval at `level` for one more observation of a
    /// normal quantity, t_{(1+level)/2, n−1} · s · √(1 + 1/n): unlike the sample's own quantiles,
    /// it holds its level with few observations; `nil` below two.
    public func predictionHalfWidth(level: Double) -> Double? {
        guard count > 1 else { return nil }
        return Self.studentT(quantile: (1 + level) / 2, degreesOfFreedom: count - 1) * standardDeviation * (1 + 1 / Double(count)).squareRoot()
    }

    /// Half-width of the two-sided confidence interval for the mean at `level` (e.g. 0.95),
    /// t_{(1+level)/2, n−1} · s/√n with the quantile from `gsl_cdf_tdist_Pinv`.
    /// `nil` with a single observation, where no interval exists.
    public func halfWidth(level: Double = 0.95) -> Double? {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1), got \(level)")
        guard count > 1 else { return nil }
        return Self.studentT(quantile: (1 + level) / 2, degreesOfFreedom: count - 1) * standardError
    }

    /// The confidence interval for the mean at `level`, or `nil` with a single observation or
    /// when the sample holds a value that is not a finite number (no interval exists then either).
    public func confidenceInterval(level: Double = 0.95) -> ClosedRange<Double>? {
        guard let half = halfWidth(level: level), mean.isFinite, half.isFinite else { return nil }
        return (mean - half)...(mean + half)
    }

    /// The `quantile` of Student's t with `degreesOfFreedom`.
    public static func studentT(quantile: Double, degreesOfFreedom: Int) -> Double {
        precondition(quantile > 0 && quantile < 1 && degreesOfFreedom > 0)
        return gsl_cdf_tdist_Pinv(quantile, Double(degreesOfFreedom))
    }

    /// P(T > t) for Student's t with `degreesOfFreedom` (`gsl_cdf_tdist_Q`): a one-sided p-value.
    public static func studentTUpperTail(_ t: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom > 0)
        return gsl_cdf_tdist_Q(t, Double(degreesOfFreedom))
    }
}
