import Foundation

extension Distribution {
    /// The distribution of `factor` × X: every duration stretched (factor > 1) or shrunk. A
    /// failure process scaled by 1/(1 + x) fails 1 + x times as often — how sensitivity
    /// analyses move rates and repair times without changing a distribution's shape.
    public func scaled(by factor: Double) -> Distribution {
        switch self {
        case .exponential(let mean): .exponential(mean: mean * factor)
        case .weibull(let shape, let scale): .weibull(shape: shape, scale: scale * factor)
        case .lognormal(let mu, let sigma): .lognormal(mu: mu + log(factor), sigma: sigma)
        case .gamma(let shape, let scale): .gamma(shape: shape, scale: scale * factor)
        case .truncatedNormal(let mean, let sd): .truncatedNormal(mean: mean * factor, sd: sd * factor)
        case .uniform(let low, let high): .uniform(min: low * factor, max: high * factor)
        case .deterministic(let value): .deterministic(value * factor)
        case .empirical(let sample): .empirical(EmpiricalSample(sample.sortedValues.map { $0 * factor }))
        }
    }
}
