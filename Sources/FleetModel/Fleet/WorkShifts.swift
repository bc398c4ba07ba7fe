import SimulationCore

/// Business hours in simulated time: Monday–Friday, 08:00–17:00, with time 0 a Monday 00:00.
enum WorkShifts {
    static let shiftStart = 8.0, shiftEnd = 17.0, workdays = 5

    static func isBusinessHours(_ time: SimTime) -> Bool {
        let hourOfWeek = time.truncatingRemainder(dividingBy: 168)
        let day = Int(hourOfWeek / 24)
        let hour = hourOfWeek - Double(day) * 24
        return day < workdays && hour >= shiftStart && hour < shiftEnd
    }

    /// The start of the next shift at or after `time` (`time` itself if a shift is on).
    static func nextShiftStart(after time: SimTime) -> SimTime {
        if isBusinessHours(time) { return time }
        let weekStart = (time / 168).rounded(.down) * 168
        for day in 0...7 {
            let start = weekStart + Double(day) * 24 + shiftStart
            if start >= time, isBusinessHours(start) { return start }
        }
        preconditionFailure("no shift within a week of \(time) h")
    }
}
