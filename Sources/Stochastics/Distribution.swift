/// A probability distribution of a non-negative quantity, in the model's unit (hours for
/// durations).
///
/// A value type with no stored generator: sampling takes the stream explicitly, so one
/// distribution can be shared by many components, each drawing from its own stream.
public enum Distribution: Hashable, Sendable {
    /// Exponential with the given mean (rate = 1/mean). Memoryless time to failure.
    case exponential(mean: Double)
    /// Weibull with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k). k < 1 models infant
    /// mortality, k > 1 wear-out.
    case weibull(shape: Double, scale: Double)
    /// Lognormal: ln X ~ Normal(mu, sigma). The median is exp(mu).
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)
    /// Normal(mean, sd) conditioned on being ≥ 0, so that durations are never negative.
    case truncatedNormal(mean: Double, sd: Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Always the same value.
    case deterministic(Double)
    /// Draws one of the observed values with equal probability.
    case empirical(EmpiricalSample)

    /// The family's name as scenario files spell it.
    public var family: String {
        switch self {
        case .exponential: "exponential"
        case .weibull: "weibull"
        case .lognormal: "lognormal"
        case .gamma: "gamma"
        case .truncatedNormal: "normal"
        case .uniform: "uniform"
        case .deterministic: "deterministic"
        case .empirical: "empirical"
        }
    }
}

/// The observed values behind an empirical distribution, kept sorted so that the CDF and
/// quantiles are cheap.
public struct EmpiricalSample: Hashable, Sendable {
    public let sortedValues: [Double]

    public init(_ values: [Double]) {
        sortedValues = values.sorted()
    }
}

/// Why a distribution's parameters are unusable: which parameter, which value, what was expected.
public struct DistributionParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    public let family: String
    public let parameter: String
    public let value: Double
    public let expected: String

    public var description: String {
        "\(family) parameter '\(parameter)' is \(value); expected \(expected)"
    }
}

extension Distribution {
    /// Checks the parameters before anything is drawn. GSL does not check them: a negative shape
    /// returns NaN silently, which would poison a whole run.
    public func validate() throws(DistributionParameterError) {
        func require(_ ok: Bool, _ parameter: String, _ value: Double, _ expected: String)
            throws(DistributionParameterError)
        {
            guard ok, value.isFinite else {
                throw DistributionParameterError(
                    family: family, parameter: parameter, value: value, expected: expected)
            }
        }
        switch self {
        case .exponential(let mean):
            try require(mean > 0, "mean", mean, "a positive duration")
        case .weibull(let shape, let scale):
            try require(shape > 0, "shape", shape, "a positive number")
            try require(scale > 0, "scale", scale, "a positive duration")
        case .lognormal(let mu, let sigma):
            try require(true, "mu", mu, "a finite number")
            try require(sigma > 0, "sigma", sigma, "a positive number")
        case .gamma(let shape, let scale):
            try require(shape > 0, "shape", shape, "a positive number")
            try require(scale > 0, "scale", scale, "a positive duration")
        case .truncatedNormal(let mean, let sd):
            try require(true, "mean", mean, "a finite duration")
            try require(sd > 0, "sd", sd, "a positive duration")
            // Beyond ~37 sd below zero the tail mass underflows and the draw would loop forever.
            try require(mean / sd > -30, "mean", mean, "at least −30 sd (the mass above zero vanishes)")
        case .uniform(let low, let high):
            try require(low >= 0, "min", low, "a non-negative duration")
            try require(high > low, "max", high, "a duration greater than min (\(low))")
        case .deterministic(let value):
            try require(value >= 0, "value", value, "a non-negative duration")
        case .empirical(let sample):
            try require(!sample.sortedValues.isEmpty, "values", 0, "at least one value")
            for value in sample.sortedValues {
                try require(value >= 0, "values", value, "non-negative durations")
            }
        }
    }
}
