import SimulationCore

/// A window that recurs every week: the same hours on chosen weekdays (business hours, a
/// maintenance window). Simulated time 0 is a Monday 00:00.
public struct WeeklyWindow: Hashable, Sendable {
    /// Weekdays the window opens on, 0 = Monday … 6 = Sunday.
    public var days: Set<Int>
    /// Hour of the day the window opens, 0 ≤ start < 24.
    public var start: Double
    /// How long it stays open, hours (up to a week; a window may run past midnight).
    public var duration: Double

    public init(days: Set<Int> = Set(0..<7), start: Double, duration: Double) {
        self.days = days
        self.start = start
        self.duration = duration
    }

    /// The window opened on the most recent allowed day at or before `time` and still open, if any.
    public func contains(_ time: SimTime) -> Bool {
        nextOpening(atOrAfter: time) == time
    }

    /// `time` itself when the window is open then, else when it next opens.
    public func nextOpening(atOrAfter time: SimTime) -> SimTime {
        let weekStart = (time / 168).rounded(.down) * 168
        var best = SimTime.infinity
        // Openings of the previous, this and the next week cover every case, long windows too.
        for week in -1...1 {
            for day in days {
                let opens = weekStart + Double(week * 168 + day * 24) + start
                if opens <= time && time < opens + duration { return time }
                if opens > time { best = Swift.min(best, opens) }
            }
        }
        return best
    }
}
