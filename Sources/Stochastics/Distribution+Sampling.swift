import CGSL

extension Distribution {
    /// One draw from `stream`, always through GSL's samplers.
    @inlinable
    public func sample(using stream: RandomStream) -> Double {
        let r = stream.generator
        switch self {
        case .exponential(let mean):
            return gsl_ran_exponential(r, mean)
        case .weibull(let shape, let scale):
            return gsl_ran_weibull(r, scale, shape)
        case .lognormal(let mu, let sigma):
            return gsl_ran_lognormal(r, mu, sigma)
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(r, shape, scale)
        case .truncatedNormal(let mean, let sd):
            // Upper tail of N(0, sd) above −mean, shifted: GSL rejects from the plain Gaussian
            // when the cut is below one sd and uses Marsaglia's tail method beyond it.
            return mean + gsl_ran_gaussian_tail(r, -mean, sd)
        case .uniform(let low, let high):
            return gsl_ran_flat(r, low, high)
        case .deterministic(let value):
            return value
        case .empirical(let sample):
            let values = sample.sortedValues
            return values[Int(gsl_rng_uniform_int(r, UInt(values.count)))]
        }
    }
}
