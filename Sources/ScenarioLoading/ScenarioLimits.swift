/// The largest studies FleetSim accepts, checked wherever a number comes in (scenario files,
/// command-line options, run records) before anything is allocated or run: beyond them a typo
/// (`horizon: 1e12h`, `replications: 1000000000`) would run for ever or exhaust memory.
public enum ScenarioLimits {
    /// Replications of one scenario or strategy.
    public static let maximumReplications = 1_000_000
    /// A century of simulated time, in hours.
    public static let maximumHorizonHours = 100.0 * 8760

    /// Why `count` replications are refused, if they are.
    public static func replicationsProblem(_ count: Int, minimum: Int = 1) -> String? {
        (minimum...maximumReplications).contains(count) ? nil
            : "\(count) replications; expected \(minimum) to \(maximumReplications)"
    }

    /// Why a horizon of `hours` is refused, if it is.
    public static func horizonProblem(_ hours: Double) -> String? {
        hours > 0 && hours <= maximumHorizonHours ? nil
            : "a horizon of \(hours) h; expected more than 0 and at most \(Int(maximumHorizonHours)) h (100y)"
    }
}
