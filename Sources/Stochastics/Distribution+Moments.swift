import CGSL
import Foundation

extension Distribution {
    /// The exact mean.
    public var mean: Double {
        switch self {
        case .exponential(let mean): return mean
        case .weibull(let k, let lambda): return lambda * tgamma(1 + 1 / k)
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .gamma(let k, let theta): return k * theta
        case .truncatedNormal(let mu, let sd):
            let alpha = -mu / sd
            return mu + sd * Self.inverseMillsRatio(alpha)
        case .uniform(let low, let high): return (low + high) / 2
        case .deterministic(let value): return value
        case .empirical(let sample):
            return sample.sortedValues.withUnsafeBufferPointer {
                gsl_stats_mean($0.baseAddress, 1, $0.count)
            }
        }
    }

    /// The exact variance (the population variance for an empirical sample).
    public var variance: Double {
        switch self {
        case .exponential(let mean): return mean * mean
        case .weibull(let k, let lambda):
            let g1 = tgamma(1 + 1 / k)
            return lambda * lambda * (tgamma(1 + 2 / k) - g1 * g1)
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return (exp(s2) - 1) * exp(2 * mu + s2)
        case .gamma(let k, let theta): return k * theta * theta
        case .truncatedNormal(let mu, let sd):
            let alpha = -mu / sd
            let lambda = Self.inverseMillsRatio(alpha)
            return sd * sd * (1 + alpha * lambda - lambda * lambda)
        case .uniform(let low, let high): return (high - low) * (high - low) / 12
        case .deterministic: return 0
        case .empirical(let sample):
            let values = sample.sortedValues
            let m = mean
            return values.withUnsafeBufferPointer {
                gsl_stats_variance_with_fixed_mean($0.baseAddress, 1, $0.count, m)
            }
        }
    }

    /// P(X ≤ x), from GSL's `gsl_cdf_*` functions.
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .exponential(let mean): return gsl_cdf_exponential_P(x, mean)
        case .weibull(let k, let lambda): return gsl_cdf_weibull_P(x, lambda, k)
        case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_P(x, mu, sigma)
        case .gamma(let k, let theta): return gsl_cdf_gamma_P(x, k, theta)
        case .truncatedNormal(let mu, let sd):
            guard x > 0 else { return 0 }
            let below = gsl_cdf_gaussian_P(-mu, sd)
            return (gsl_cdf_gaussian_P(x - mu, sd) - below) / gsl_cdf_gaussian_Q(-mu, sd)
        case .uniform(let low, let high): return gsl_cdf_flat_P(x, low, high)
        case .deterministic(let value): return x >= value ? 1 : 0
        case .empirical(let sample):
            let values = sample.sortedValues
            var low = 0, high = values.count
            while low < high {  // first index with value > x
                let mid = (low + high) / 2
                if values[mid] <= x { low = mid + 1 } else { high = mid }
            }
            return Double(low) / Double(values.count)
        }
    }

    /// φ(α) / (1 − Φ(α)) for the standard normal, the hazard at α, as GSL computes it.
    static func inverseMillsRatio(_ alpha: Double) -> Double {
        gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
    }
}
