import SimulationCore

/// Business hours in simulated time: Monday–Friday, 08:00–17:00, with time 0 a Monday 00:00.
enum WorkShifts {
    static let businessHours = WeeklyWindow(days: Set(0..<5), start: 8, duration: 9)

    static func isBusinessHours(_ time: SimTime) -> Bool { businessHours.contains(time) }

    /// The start of the next shift at or after `time` (`time` itself if a shift is on).
    static func nextShiftStart(after time: SimTime) -> SimTime { businessHours.nextOpening(atOrAfter: time) }
}
