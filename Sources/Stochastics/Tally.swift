/// Running count, mean, variance, minimum and maximum of observations, in O(1) memory.
///
/// Welford's update (Knuth TAOCP vol. 2, §4.2.2) is used inside the event loop, where GSL's
/// `gsl_rstat` would cost a heap workspace per statistic and a C call per observation; results
/// across replications go through GSL (`SampleStatistics`).
public struct Tally: Hashable, Sendable {
    public private(set) var count: Int = 0
    public private(set) var mean: Double = 0
    private var sumOfSquaredDeviations: Double = 0
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
        if x < min { min = x }
        if x > max { max = x }
    }

    /// The unbiased sample variance; 0 with fewer than two observations.
    public var variance: Double {
        count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0
    }

    /// The mean, or `nil` when nothing was observed (so that "no repairs" is not reported as 0 h).
    public var meanIfAny: Double? { count > 0 ? mean : nil }
}
