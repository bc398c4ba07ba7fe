/// Simulated time and durations, in **hours** since the start of the run.
///
/// A plain `Double` keeps the event loop free of wrapping costs; hours suit the domain, whose
/// delays range from seconds (a GPU reset) to years (a horizon) and stay exact enough in a
/// Double (a 10-year horizon resolves to better than a nanosecond). Scenario files always carry
/// units, converted once at load time with `TimeUnit`.
public typealias SimTime = Double

/// Units in which scenario files write durations, with their length in hours.
public enum TimeUnit: String, CaseIterable, Sendable {
    case seconds = "s"
    case minutes = "min"
    case hours = "h"
    case days = "d"
    case weeks = "w"
    /// 365 days, as reliability figures per year are quoted.
    case years = "y"

    public var hours: Double {
        switch self {
        case .seconds: 1.0 / 3600
        case .minutes: 1.0 / 60
        case .hours: 1
        case .days: 24
        case .weeks: 168
        case .years: 8760
        }
    }

    /// Accepts the symbol and common spellings (`h`, `hr`, `hours`, ...).
    public init?(spelling: String) {
        switch spelling.lowercased() {
        case "s", "sec", "secs", "second", "seconds": self = .seconds
        case "min", "mins", "minute", "minutes": self = .minutes
        case "h", "hr", "hrs", "hour", "hours": self = .hours
        case "d", "day", "days": self = .days
        case "w", "wk", "week", "weeks": self = .weeks
        case "y", "yr", "year", "years": self = .years
        default: return nil
        }
    }
}
