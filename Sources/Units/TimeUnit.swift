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
