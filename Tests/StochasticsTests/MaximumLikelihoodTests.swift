import Foundation
import Stochastics
import Testing

/// Fits recover the parameters that generated the data: each estimate within 4.5 of its own
/// standard errors, and AIC prefers the true family.
@Suite struct MaximumLikelihoodTests {
    static let cases: [(MaximumLikelihood.Family, Distribution, [Double])] = [
        (.exponential, .exponential(mean: 250), [250]),
        (.weibull, .weibull(shape: 0.7, scale: 100), [0.7, 100]),
        (.weibull, .weibull(shape: 2.5, scale: 8), [2.5, 8]),
        (.lognormal, .lognormal(mu: log(1.1), sigma: 1.4), [log(1.1), 1.4]),
    ]

    @Test(arguments: cases.indices)
    func fitsRecoverTheGeneratingParameters(_ index: Int) throws {
        let (family, truth, parameters) = Self.cases[index]
        let stream = RandomStream(masterSeed: 8, name: "mle.\(index)")
        let data = (0..<4000).map { _ in truth.sample(using: stream) }
        let fit = try MaximumLikelihood.fit(family, to: data)
        for (estimate, expected) in zip(fit.parameters, parameters) {
            #expect(estimate.standardError > 0 && estimate.standardError < abs(expected),
                    "\(estimate.name): standard error \(estimate.standardError)")
            #expect(abs(estimate.value - expected) < 4.5 * estimate.standardError,
                    "\(estimate.name) = \(estimate.value) ± \(estimate.standardError), truth \(expected)")
        }
        #expect(fit.ksPValue > 0.01, "a correct model is not rejected: p = \(fit.ksPValue)")
        if family != .exponential {
            let best = try MaximumLikelihood.fitAll(data)[0]
            #expect(best.distribution.family == truth.family, "AIC picks \(best.distribution.family)")
        }
    }

    /// Right-censored at the median (half the values known only to exceed it): the censored
    /// likelihood still recovers each family's parameters, where dropping the censored values
    /// would bias them far off (checked for the scale or location).
    @Test(arguments: cases.indices)
    func censoredFitsRecoverTheGeneratingParameters(_ index: Int) throws {
        let (family, truth, parameters) = Self.cases[index]
        let stream = RandomStream(masterSeed: 18, name: "mle.censored.\(index)")
        let draws = (0..<4000).map { _ in truth.sample(using: stream) }
        let limit = draws.sorted()[2000]
        let observed = draws.filter { $0 < limit }, censored = Array(repeating: limit, count: draws.count - observed.count)
        let fit = try MaximumLikelihood.fit(family, to: observed, censored: censored)
        for (estimate, expected) in zip(fit.parameters, parameters) {
            #expect(abs(estimate.value - expected) < 4.5 * estimate.standardError,
                    "\(estimate.name) = \(estimate.value) ± \(estimate.standardError), truth \(expected)")
        }
        let naive = try MaximumLikelihood.fit(family, to: observed)
        let last = parameters.count - 1
        #expect(abs(naive.parameters[last].value - parameters[last]) > 10 * fit.parameters[last].standardError,
                "without the censored values: \(naive.parameters[last].value)")
    }

    @Test func censoredExponentialIsTotalTimeOverFailures() throws {
        let fit = try MaximumLikelihood.fit(.exponential, to: [1, 2, 3], censored: [4, 10])
        #expect(fit.parameters[0].value == 20.0 / 3)
        #expect(throws: MaximumLikelihood.FitError.self) { try MaximumLikelihood.fit(.weibull, to: [1, 2], censored: [-1]) }
    }

    @Test func standardErrorsMatchTheKnownAsymptotics() throws {
        // Exponential: SE(mean) = mean/√n; lognormal: SE(μ) = σ/√n, SE(σ) = σ/√(2n).
        let stream = RandomStream(masterSeed: 9, name: "mle.se")
        let data = (0..<2500).map { _ in Distribution.lognormal(mu: 0, sigma: 2).sample(using: stream) }
        let fit = try MaximumLikelihood.fit(.lognormal, to: data)
        let sigma = fit.parameters[1].value
        #expect(abs(fit.parameters[0].standardError - sigma / 50) < 1e-3 * sigma)
        #expect(abs(fit.parameters[1].standardError - sigma / (5000.0).squareRoot()) < 1e-3 * sigma)
        let exponential = try MaximumLikelihood.fit(.exponential, to: data)
        #expect(abs(exponential.parameters[0].standardError - exponential.parameters[0].value / 50) < 1e-3 * exponential.parameters[0].value)
    }

    @Test func badDataIsRefused() {
        #expect(throws: MaximumLikelihood.FitError.self) { try MaximumLikelihood.fit(.weibull, to: [1]) }
        #expect(throws: MaximumLikelihood.FitError.self) { try MaximumLikelihood.fit(.weibull, to: [1, -2, 3]) }
        #expect(throws: MaximumLikelihood.FitError.self) { try MaximumLikelihood.fit(.lognormal, to: [2, 2, 2]) }
    }
}
