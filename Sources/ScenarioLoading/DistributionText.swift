import Foundation
import Stochastics

/// A distribution written the way scenario files write it, so that `fleetsim fit` can print a
/// block to paste (the inverse of `DistributionSpec` + `DistributionBuilder`).
public enum DistributionText {
    public static func scenarioText(_ distribution: Distribution) -> String {
        switch distribution {
        case .exponential(let mean): "exponential(mean: \(hours(mean)))"
        case .weibull(let shape, let scale): "weibull(shape: \(number(shape)), scale: \(hours(scale)))"
        case .lognormal(let mu, let sigma): "lognormal(median: \(hours(exp(mu))), sigma: \(number(sigma)))"
        case .gamma(let shape, let scale): "gamma(shape: \(number(shape)), scale: \(hours(scale)))"
        case .truncatedNormal(let mean, let sd): "normal(mean: \(hours(mean)), sd: \(hours(sd)))"
        case .uniform(let low, let high): "uniform(min: \(hours(low)), max: \(hours(high)))"
        case .deterministic(let value): hours(value)
        case .empirical(let sample): "empirical(values: [\(sample.sortedValues.map(hours).joined(separator: ", "))])"
        }
    }

    /// Four significant digits keep the printed block short and well within fitting error.
    static func number(_ value: Double) -> String { String(format: "%.4g", value) }
    static func hours(_ value: Double) -> String { number(value) + "h" }
}
