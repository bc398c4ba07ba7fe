import CGSL
import Foundation

/// A distribution fitted to positive data by maximum likelihood, with what is needed to judge it.
public struct DistributionFit: Sendable {
    public struct Parameter: Hashable, Sendable {
        public let name: String
        public let value: Double
        /// From the inverse of the observed information (the Hessian of −log L at the optimum).
        public let standardError: Double
    }

    public let distribution: Distribution
    public let parameters: [Parameter]
    public let logLikelihood: Double
    public let count: Int
    /// Akaike's information criterion, 2k − 2 log L: lower is better.
    public var aic: Double { 2 * Double(parameters.count) - 2 * logLikelihood }
    public let ksStatistic: Double
    /// Kolmogorov–Smirnov p-value; conservative, as the parameters come from the same data.
    public let ksPValue: Double
}

/// Maximum-likelihood fits of the duration families used for failures and repairs.
///
/// Exponential and lognormal have closed forms (lognormal only without censored values); the
/// other likelihoods are maximised with GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`). Standard errors
/// come from a finite-difference Hessian of −log L in the reported parameters.
public enum MaximumLikelihood {
    public enum Family: String, CaseIterable, Sendable {
        case exponential, weibull, lognormal
    }

    public struct FitError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Fits `family` to `data`, which must hold at least two positive, finite values, not all
    /// equal. `censored` holds right-censored values — lifetimes known only to exceed them (a
    /// component still up when the log ends) — which enter the likelihood through the survival
    /// function; with them, lognormal is fitted by the simplex too.
    public static func fit(_ family: Family, to data: [Double], censored: [Double] = []) throws(FitError) -> DistributionFit {
        guard data.count >= 2, data.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw FitError(description: "need at least 2 positive, finite values to fit (got \(data.count))")
        }
        guard censored.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw FitError(description: "censored values must be positive and finite") }
        guard Set(data).count > 1 else { throw FitError(description: "all \(data.count) values are equal; nothing to fit") }
        let n = Double(data.count)
        let distribution: Distribution
        let names: [String]
        let values: [Double]
        switch family {
        case .exponential:
            // Without censored values the sample mean; with them, total time on test over failures.
            let mean = censored.isEmpty ? data.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
                                        : (data.reduce(0, +) + censored.reduce(0, +)) / n
            distribution = .exponential(mean: mean)
            names = ["mean"]
            values = [mean]
        case .lognormal:
            let logs = data.map(log)
            let (mu, sigma) = logs.withUnsafeBufferPointer { buffer -> (Double, Double) in
                let mu = gsl_stats_mean(buffer.baseAddress, 1, buffer.count)
                // The MLE divides by n, not n − 1.
                let variance = gsl_stats_variance_with_fixed_mean(buffer.baseAddress, 1, buffer.count, mu) * (n - 1) / n
                return (mu, variance.squareRoot())
            }
            if censored.isEmpty {
                values = [mu, sigma]
            } else {
                // Censored values leave no closed form: the simplex starts from the uncensored
                // estimate, summed plainly — the simplex is sensitive to its start's last bits, and
                // from the GSL sums a bootstrap refit of LANL system 20 did not converge.
                let mean = logs.reduce(0, +) / n
                let spread = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
                values = try simplexMaximum(.lognormal, data, censored, start: [mean, log(max(spread, 1e-3))])
            }
            distribution = .lognormal(mu: values[0], sigma: values[1])
            names = ["mu", "sigma"]
        case .weibull:
            let mean = data.reduce(0, +) / n
            let fitted = try simplexMaximum(.weibull, data, censored, start: [0, log(mean)])
            distribution = .weibull(shape: fitted[0], scale: fitted[1])
            names = ["shape", "scale"]
            values = fitted
        }
        let logLikelihood = Self.logLikelihood(family, values, data, censored: censored)
        let errors = standardErrors(family, values, data, censored: censored)
        let d = KolmogorovSmirnov.statistic(data, cdf: distribution.cdf)
        return DistributionFit(
            distribution: distribution,
            parameters: zip(names, zip(values, errors)).map { .init(name: $0, value: $1.0, standardError: $1.1) },
            logLikelihood: logLikelihood, count: data.count, ksStatistic: d,
            ksPValue: KolmogorovSmirnov.pValue(statistic: d, count: data.count))
    }

    /// Every family that fits, best (lowest AIC) first; a family whose simplex does not converge
    /// is left out, and the first failure is thrown only when none fits.
    public static func fitAll(_ data: [Double], censored: [Double] = []) throws(FitError) -> [DistributionFit] {
        var fits: [DistributionFit] = []
        var firstError: FitError?
        for family in Family.allCases {
            do { fits.append(try fit(family, to: data, censored: censored)) } catch { firstError = firstError ?? error }
        }
        if fits.isEmpty, let firstError { throw firstError }
        return fits.sorted { $0.aic < $1.aic }
    }

    /// log L of `data` and, through the survival function, of `censored`.
    static func logLikelihood(_ family: Family, _ p: [Double], _ data: [Double], censored: [Double]) -> Double {
        let observed = logLikelihood(family, p, data)
        guard !censored.isEmpty else { return observed }
        switch family {
        case .exponential: return observed - censored.reduce(0) { $0 + $1 / p[0] }
        case .weibull: return observed - censored.reduce(0) { $0 + pow($1 / p[1], p[0]) }
        case .lognormal: return observed + censored.reduce(0) { $0 + log(gsl_cdf_ugaussian_Q((log($1) - p[0]) / p[1])) }
        }
    }

    static func logLikelihood(_ family: Family, _ p: [Double], _ data: [Double]) -> Double {
        switch family {
        case .exponential:
            let mean = p[0]
            return data.reduce(0) { $0 - log(mean) - $1 / mean }
        case .weibull:
            let k = p[0], lambda = p[1]
            return data.reduce(0) { $0 + log(k / lambda) + (k - 1) * log($1 / lambda) - pow($1 / lambda, k) }
        case .lognormal:
            let mu = p[0], sigma = p[1]
            return data.reduce(0) { sum, x in
                let z = (log(x) - mu) / sigma
                return sum - log(x * sigma) - 0.5 * log(2 * Double.pi) - 0.5 * z * z
            }
        }
    }

    /// √diag(H⁻¹), H the central-difference Hessian of −log L at `p`.
    static func standardErrors(_ family: Family, _ p: [Double], _ data: [Double], censored: [Double]) -> [Double] {
        let f = { (q: [Double]) in -logLikelihood(family, q, data, censored: censored) }
        let steps = p.map { Swift.max(abs($0), 1e-3) * 1e-4 }
        let k = p.count
        var h = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for i in 0..<k {
            for j in i..<k {
                func shifted(_ di: Double, _ dj: Double) -> Double {
                    var q = p
                    q[i] += di * steps[i]
                    q[j] += dj * steps[j]
                    return f(q)
                }
                let value = (shifted(1, 1) - shifted(1, -1) - shifted(-1, 1) + shifted(-1, -1)) / (4 * steps[i] * steps[j])
                h[i][j] = value
                h[j][i] = value
            }
        }
        if k == 1 { return [h[0][0] > 0 ? (1 / h[0][0]).squareRoot() : .nan] }
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0]
        guard det > 0 else { return [.nan, .nan] }
        return [(h[1][1] / det).squareRoot(), (h[0][0] / det).squareRoot()]
    }

    /// Maximises the likelihood with GSL's simplex over unconstrained coordinates — (log k,
    /// log λ) for Weibull, (μ, log σ) for lognormal — from `start` in those coordinates; returns
    /// the parameters.
    static func simplexMaximum(_ family: Family, _ data: [Double], _ censored: [Double], start: [Double]) throws(FitError) -> [Double] {
        _ = GSLRuntime.prepared
        final class Box {
            let family: Family, data: [Double], censored: [Double]
            init(_ family: Family, _ data: [Double], _ censored: [Double]) { (self.family, self.data, self.censored) = (family, data, censored) }
        }
        let box = Box(family, data, censored)
        let objective: @convention(c) (UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?) -> Double = { x, params in
            let box = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
            let p = MaximumLikelihood.parameters(box.family, gsl_vector_get(x, 0), gsl_vector_get(x, 1))
            let value = -MaximumLikelihood.logLikelihood(box.family, p, box.data, censored: box.censored)
            return value.isFinite ? value : .greatestFiniteMagnitude
        }
        return try withExtendedLifetime(box) { () throws(FitError) -> [Double] in
            var function = gsl_multimin_function(f: objective, n: 2, params: Unmanaged.passUnretained(box).toOpaque())
            let origin = gsl_vector_alloc(2)!, stepSizes = gsl_vector_alloc(2)!
            defer { gsl_vector_free(origin); gsl_vector_free(stepSizes) }
            gsl_vector_set(origin, 0, start[0])
            gsl_vector_set(origin, 1, start[1])
            gsl_vector_set_all(stepSizes, 0.5)
            guard let minimizer = gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), 2) else {
                throw FitError(description: "GSL could not allocate a minimiser")
            }
            defer { gsl_multimin_fminimizer_free(minimizer) }
            gsl_multimin_fminimizer_set(minimizer, &function, origin, stepSizes)
            var status = Int32(GSL_CONTINUE)
            var iterations = 0
            while status == Int32(GSL_CONTINUE) && iterations < 2000 {
                iterations += 1
                if gsl_multimin_fminimizer_iterate(minimizer) != Int32(GSL_SUCCESS) { break }
                status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), 1e-10)
            }
            guard status == Int32(GSL_SUCCESS) else {
                throw FitError(description: "the \(family.rawValue) fit did not converge in \(iterations) iterations")
            }
            let x = minimizer.pointee.x
            return parameters(family, gsl_vector_get(x, 0), gsl_vector_get(x, 1))
        }
    }

    /// The parameters at the simplex's coordinates.
    static func parameters(_ family: Family, _ x0: Double, _ x1: Double) -> [Double] {
        family == .lognormal ? [x0, exp(x1)] : [exp(x0), exp(x1)]
    }
}
