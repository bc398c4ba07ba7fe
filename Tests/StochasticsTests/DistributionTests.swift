import Foundation
import Stochastics
import Testing
import TestSupport

/// Each family, 10^5 draws with a fixed seed: sample mean and variance within 4.5 standard errors
/// of the exact values (a false alarm once in ~150,000 checks), and the KS statistic against
/// GSL's CDF below its 1% critical value.
@Suite struct DistributionTests {
    static let draws = 100_000

    static let cases: [(String, Distribution)] = [
        ("exponential", .exponential(mean: 2000)),
        ("weibull infant mortality", .weibull(shape: 0.7, scale: 2000)),
        ("weibull wear-out", .weibull(shape: 2.5, scale: 100)),
        ("lognormal", .lognormal(mu: log(75.0 / 60), sigma: 1.25)),
        ("gamma", .gamma(shape: 2, scale: 3)),
        ("normal truncated near 0", .truncatedNormal(mean: 1, sd: 2)),
        ("normal truncated far out", .truncatedNormal(mean: -3, sd: 1)),
        ("normal barely truncated", .truncatedNormal(mean: 10, sd: 2)),
        ("uniform", .uniform(min: 1, max: 3)),
        ("empirical", .empirical(EmpiricalSample([0.5, 1, 1, 2, 4, 8, 16]))),
    ]

    @Test(arguments: cases.indices)
    func momentsAndShapeMatch(_ index: Int) throws {
        let (name, distribution) = Self.cases[index]
        try distribution.validate()
        let stream = RandomStream(masterSeed: 42, name: "test.\(name)")
        let sample = (0..<Self.draws).map { _ in distribution.sample(using: stream) }
        let stats = SampleStatistics(sample)

        let meanTolerance = 4.5 * (distribution.variance / Double(Self.draws)).squareRoot()
        #expect(abs(stats.mean - distribution.mean) < meanTolerance,
                "\(name): mean \(stats.mean) vs exact \(distribution.mean) ± \(meanTolerance)")
        let variance = stats.standardDeviation * stats.standardDeviation
        let varianceTolerance = 4.5 * GoodnessOfFit.standardErrorOfVariance(sample)
        #expect(abs(variance - distribution.variance) < varianceTolerance,
                "\(name): variance \(variance) vs exact \(distribution.variance) ± \(varianceTolerance)")

        let d = KolmogorovSmirnov.statistic(sample, cdf: distribution.cdf)
        let critical = KolmogorovSmirnov.criticalValue(alpha: 0.01, count: Self.draws)
        #expect(d < critical, "\(name): KS D = \(d), 1% critical value \(critical)")
        #expect(sample.allSatisfy { $0 >= 0 }, "\(name): durations are never negative")
    }

    @Test func deterministicAlwaysReturnsItsValue() {
        let stream = RandomStream(masterSeed: 1, name: "test.deterministic")
        let draws = (0..<1000).map { _ in Distribution.deterministic(4).sample(using: stream) }
        #expect(Set(draws) == [4])
        #expect(Distribution.deterministic(4).mean == 4 && Distribution.deterministic(4).variance == 0)
    }

    @Test func kolmogorovCriticalValueMatchesTheKnownQuantile() {
        // The 1% point of Kolmogorov's distribution is 1.6276 (Smirnov 1948).
        let scaled = KolmogorovSmirnov.criticalValue(alpha: 0.01, count: 1)
        #expect(abs(scaled - 1.6276) < 1e-3)
    }

    @Test func theKSTestRejectsAWrongDistribution() {
        let stream = RandomStream(masterSeed: 3, name: "test.wrong")
        let sample = (0..<Self.draws).map { _ in Distribution.weibull(shape: 0.9, scale: 100).sample(using: stream) }
        let d = KolmogorovSmirnov.statistic(sample, cdf: Distribution.exponential(mean: 100).cdf)
        #expect(d > KolmogorovSmirnov.criticalValue(alpha: 0.01, count: Self.draws))
    }

    @Test(arguments: [
        (Distribution.weibull(shape: -0.7, scale: 10), "shape"),
        (.weibull(shape: 0.7, scale: 0), "scale"),
        (.exponential(mean: -5), "mean"),
        (.lognormal(mu: 1, sigma: 0), "sigma"),
        (.gamma(shape: 0, scale: 1), "shape"),
        (.truncatedNormal(mean: 1, sd: -1), "sd"),
        (.uniform(min: 3, max: 1), "max"),
        (.deterministic(-1), "value"),
        (.empirical(EmpiricalSample([])), "values"),
        (.exponential(mean: .nan), "mean"),
    ])
    func invalidParametersAreRejectedByName(_ distribution: Distribution, _ parameter: String) {
        #expect {
            try distribution.validate()
        } throws: { error in
            (error as? DistributionParameterError)?.parameter == parameter
        }
    }
}

@Suite struct DistributionScalingTests {
    /// Scaling a distribution scales its mean and keeps its shape (coefficient of variation).
    @Test(arguments: [
        Distribution.exponential(mean: 3), .weibull(shape: 0.7, scale: 2), .lognormal(mu: 0.4, sigma: 0.8), .gamma(shape: 2, scale: 3),
        .truncatedNormal(mean: 4, sd: 1), .uniform(min: 1, max: 3), .deterministic(5), .empirical(EmpiricalSample([1, 2, 4])),
    ])
    func scalingScalesTheMean(_ distribution: Distribution) {
        let scaled = distribution.scaled(by: 1.5)
        #expect(abs(scaled.mean - 1.5 * distribution.mean) < 1e-9 * distribution.mean)
        #expect(abs(scaled.variance - 2.25 * distribution.variance) < 1e-9 * max(distribution.variance, 1))
    }
}
