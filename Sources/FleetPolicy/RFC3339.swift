import Foundation

/// Wall-clock times as people and other tools write them (RFC 3339: `2026-11-30T04:12:33.125Z`),
/// converted to and from the engine's clock, hours since the Unix epoch.
public enum RFC3339 {
    /// `hours` since the Unix epoch as RFC 3339 in UTC, to the millisecond.
    public static func string(hoursSinceEpoch hours: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: hours * 3600))
    }

    /// Hours since the Unix epoch of an RFC 3339 time (fractional seconds and any offset
    /// allowed), or nil if `text` is not one.
    public static func hoursSinceEpoch(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 / 3600 }
        }
        return nil
    }
}
