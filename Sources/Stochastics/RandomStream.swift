import CGSL

/// One independent sequence of random numbers: a GSL Mersenne Twister (`gsl_rng_mt19937`).
///
/// Deliberately not `Sendable`: the compiler then refuses to share a stream between tasks, so
/// each replication owns its streams and results cannot depend on thread interleaving.
public final class RandomStream {
    @usableFromInline let generator: UnsafeMutablePointer<gsl_rng>
    /// The stream's name, kept for diagnostics.
    public let name: String

    /// A stream for `name` in replication `replication` of a run seeded with `masterSeed`.
    public convenience init(masterSeed: UInt64, name: String, replication: Int = 0) {
        self.init(seed: StreamSeed(master: masterSeed, name: name, replication: replication), name: name)
    }

    public init(seed: StreamSeed, name: String) {
        _ = GSLRuntime.prepared
        guard let generator = gsl_rng_alloc(cgsl_rng_type_mt19937()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        gsl_rng_set(generator, seed.gslSeed)
        self.generator = generator
        self.name = name
    }

    deinit { gsl_rng_free(generator) }

    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(generator) }

    /// Uniform on (0, 1): never exactly 0, for logs and divisions.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

    /// Uniform integer in 0..<bound. `bound` must be positive.
    @inlinable public func index(below bound: Int) -> Int {
        precondition(bound > 0, "RandomStream.index(below:) needs a positive bound, got \(bound)")
        return Int(gsl_rng_uniform_int(generator, UInt(bound)))
    }

    /// An exponential draw with the given mean (`gsl_ran_exponential`), the hot-path draw of
    /// most failure processes.
    @inlinable public func exponential(mean: Double) -> Double {
        gsl_ran_exponential(generator, mean)
    }

    /// A normal draw with mean 0 and standard deviation `sd` (`gsl_ran_gaussian`).
    @inlinable public func gaussian(sd: Double) -> Double {
        gsl_ran_gaussian(generator, sd)
    }

    /// True with probability `p` (a Bernoulli trial, `gsl_ran_bernoulli`).
    @inlinable public func bernoulli(_ p: Double) -> Bool {
        gsl_ran_bernoulli(generator, p) == 1
    }
}
