import CGSL

/// The one-sided test of a count against a Poisson expectation: is what we saw more than chance
/// allows? Upgrade health gates ask it of the failures on freshly upgraded nodes.
public enum PoissonTest {
    /// P(X ≥ `observed`) for X ~ Poisson(`mean`), from `gsl_cdf_poisson_Q`; 1 when nothing was
    /// observed, 0 when something was but nothing was expected.
    public static func upperTail(observed: Int, mean: Double) -> Double {
        guard observed > 0 else { return 1 }
        guard mean > 0 else { return 0 }
        return gsl_cdf_poisson_Q(UInt32(clamping: observed - 1), mean)
    }
}
