import CGSL
import Foundation

/// The exact efficiency of checkpoint/restart under exponential failures, and the classic
/// approximations of the best checkpoint interval.
///
/// Model (a renewal-reward argument; Aupy, Benoit, Hérault, Robert & Dongarra 2013, §3, as
/// cited in the reference §5.4): a job does `work` hours of computation, then writes a blocking
/// checkpoint of `checkpoint` hours; failures arrive at rate 1/M while it computes, checkpoints
/// or restarts. A failure loses everything since the last completed checkpoint, costs a downtime
/// D (detection and rescheduling, during which no failure can strike) and a restart R (reload,
/// which a failure can interrupt). With period T = work + checkpoint, the expected wall time to
/// complete one period, starting just after a checkpoint, is
///
///     E(T) = (M + D) · e^{R/M} · (e^{T/M} − 1)
///
/// Derivation (λ = 1/M, p = e^{−λT}): a block of length B retried from its start after each
/// failure, paying D each time, completes after (M + D)(e^{λB} − 1) on average. A period's first
/// attempt needs no restart: with probability p it takes T; otherwise it fails after an expected
/// M − T·p/(1 − p), pays D, and then the block R + T must complete. So
/// E(T) = pT + (1 − p)(M − Tp/(1 − p) + D) + (1 − p)(M + D)(e^{λ(R+T)} − 1)
///      = (1 − p)(M + D) e^{λR} e^{λT} = (M + D) e^{λR} (e^{λT} − 1).
/// The long-run fraction of wall time that is useful work — the ETTR — is work / E(T)
/// (renewal-reward theorem).
public struct CheckpointEfficiency: Hashable, Sendable {
    /// Mean time between failures of the job (its allocation as a whole), hours.
    public let meanTimeBetweenFailures: Double
    /// Blocking checkpoint write time, hours.
    public let checkpoint: Double
    /// Restart (reload) time, subject to failures, hours.
    public let restart: Double
    /// Downtime before the restart (detect, reschedule), not subject to failures, hours.
    public let downtime: Double

    public init(meanTimeBetweenFailures: Double, checkpoint: Double, restart: Double, downtime: Double) {
        precondition(meanTimeBetweenFailures > 0 && checkpoint >= 0 && restart >= 0 && downtime >= 0)
        self.meanTimeBetweenFailures = meanTimeBetweenFailures
        self.checkpoint = checkpoint
        self.restart = restart
        self.downtime = downtime
    }

    /// ETTR for `work` hours of computation between checkpoints.
    public func efficiency(work: Double) -> Double {
        let m = meanTimeBetweenFailures
        let period = work + checkpoint
        return work / ((m + downtime) * exp(restart / m) * expm1(period / m))
    }

    /// Young (1974): √(2·C·M).
    public var young: Double { (2 * checkpoint * meanTimeBetweenFailures).squareRoot() }

    /// Daly (2006, eq. 37): √(2CM)·[1 + ⅓√(C/2M) + (1/9)(C/2M)] − C when C < 2M, else M.
    public var daly: Double {
        let c = checkpoint, m = meanTimeBetweenFailures
        guard c < 2 * m else { return m }
        let x = c / (2 * m)
        return (2 * c * m).squareRoot() * (1 + x.squareRoot() / 3 + x / 9) - c
    }

    /// The work interval that maximises `efficiency`, by GSL's Brent minimiser on −efficiency
    /// over (0, 10·M], bracketed around Young's interval.
    public var optimalWork: Double {
        _ = CheckpointEfficiency.errorHandlerOff
        final class Box { let model: CheckpointEfficiency; init(_ m: CheckpointEfficiency) { model = m } }
        let box = Box(self)
        let objective: @convention(c) (Double, UnsafeMutableRawPointer?) -> Double = { work, params in
            -Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().model.efficiency(work: work)
        }
        return withExtendedLifetime(box) {
            var function = gsl_function(function: objective, params: Unmanaged.passUnretained(box).toOpaque())
            let upper = 10 * meanTimeBetweenFailures
            let lower = Swift.min(upper, checkpoint) * 1e-6 + 1e-9
            // A starting point inside the bracket with a lower value than both ends.
            var guess = Swift.min(Swift.max(young, lower * 2), upper / 2)
            if !(efficiency(work: guess) > efficiency(work: lower) && efficiency(work: guess) > efficiency(work: upper)) {
                guess = (lower + upper) / 2
            }
            guard let minimizer = gsl_min_fminimizer_alloc(cgsl_min_brent()) else { return young }
            defer { gsl_min_fminimizer_free(minimizer) }
            guard gsl_min_fminimizer_set(minimizer, &function, guess, lower, upper) == Int32(GSL_SUCCESS) else { return young }
            for _ in 0..<200 {
                if gsl_min_fminimizer_iterate(minimizer) != Int32(GSL_SUCCESS) { break }
                let low = gsl_min_fminimizer_x_lower(minimizer), high = gsl_min_fminimizer_x_upper(minimizer)
                if gsl_min_test_interval(low, high, 1e-12, 1e-10) == Int32(GSL_SUCCESS) { break }
            }
            return gsl_min_fminimizer_x_minimum(minimizer)
        }
    }

    static let errorHandlerOff: Void = { gsl_set_error_handler_off() }()
}
