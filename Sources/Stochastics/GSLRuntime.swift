import CGSL

/// One-time process setup for GSL.
///
/// GSL's default error handler calls `abort()`. FleetSim validates every parameter in Swift
/// before calling GSL, so the handler is switched off once, before the first generator exists.
enum GSLRuntime {
    /// Touching this runs the setup exactly once (Swift guarantees thread-safe lazy init).
    static let prepared: Void = {
        gsl_set_error_handler_off()
    }()
}
