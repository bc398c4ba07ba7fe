/// Running count, mean, variance, minimum and maximum of observations, in O(1) memory.
///
/// Welford's update (Knuth TAOCP vol. 2, §4.2.2) is used inside the event loop, where GSL's
/// `gsl_rstat` would cost a heap workspace per statistic and a C call per observation; results
/// across replications go through GSL (`SampleStatistics`).
public struct Tally: Hashable, Sendable {
    // Stored apart from their public names so that `add`, called on every event, can be
    // `@inlinable` (inlined into models in other modules) without public setters.
    @usableFromInline var observations = 0
    @usableFromInline var runningMean: Double = 0
    @usableFromInline var sumOfSquaredDeviations: Double = 0
    @usableFromInline var smallest: Double = .infinity
    @usableFromInline var largest: Double = -.infinity

    public var count: Int { observations }
    public var mean: Double { runningMean }
    public var min: Double { smallest }
    public var max: Double { largest }

    public init() {}

    @inlinable public mutating func add(_ x: Double) {
        observations += 1
        let delta = x - runningMean
        runningMean += delta / Double(observations)
        sumOfSquaredDeviations += delta * (x - runningMean)
        if x < smallest { smallest = x }
        if x > largest { largest = x }
    }

    /// The unbiased sample variance; 0 with fewer than two observations.
    public var variance: Double {
        count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0
    }

    /// The mean, or `nil` when nothing was observed (so that "no repairs" is not reported as 0 h).
    public var meanIfAny: Double? { count > 0 ? mean : nil }
}
