import CGSL

/// Least-squares fit of y = c₀ + c₁x + c₂x² (GSL `gsl_multifit_linear`), used to locate the peak
/// of a noisy, smooth response such as ETTR against the logarithm of the checkpoint interval.
public struct QuadraticFit: Hashable, Sendable {
    public let coefficients: [Double]

    /// Needs at least three points with at least three distinct x.
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x and y must have the same length")
        guard x.count >= 3, Set(x).count >= 3 else { return nil }
        _ = GSLRuntime.prepared
        let n = x.count
        guard let design = gsl_matrix_alloc(n, 3), let observations = gsl_vector_alloc(n),
              let c = gsl_vector_alloc(3), let covariance = gsl_matrix_alloc(3, 3),
              let workspace = gsl_multifit_linear_alloc(n, 3) else { return nil }
        defer {
            gsl_matrix_free(design); gsl_vector_free(observations); gsl_vector_free(c)
            gsl_matrix_free(covariance); gsl_multifit_linear_free(workspace)
        }
        for i in 0..<n {
            gsl_matrix_set(design, i, 0, 1)
            gsl_matrix_set(design, i, 1, x[i])
            gsl_matrix_set(design, i, 2, x[i] * x[i])
            gsl_vector_set(observations, i, y[i])
        }
        var chiSquared = 0.0
        guard gsl_multifit_linear(design, observations, c, covariance, &chiSquared, workspace) == Int32(GSL_SUCCESS) else {
            return nil
        }
        coefficients = (0..<3).map { gsl_vector_get(c, $0) }
    }

    /// The x of the maximum, if the parabola opens downwards.
    public var maximum: Double? {
        coefficients[2] < 0 ? -coefficients[1] / (2 * coefficients[2]) : nil
    }
}
