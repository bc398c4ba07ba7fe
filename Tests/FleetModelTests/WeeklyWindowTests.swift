@testable import FleetModel
import Testing

@Suite struct WeeklyWindowTests {
    /// Business hours as before the window type existed: Monday 08:00–17:00 is open, Friday 17:00
    /// to Monday 08:00 is not.
    @Test func businessHours() {
        #expect(!WorkShifts.isBusinessHours(7.99))
        #expect(WorkShifts.isBusinessHours(8) && WorkShifts.isBusinessHours(16.99))
        #expect(!WorkShifts.isBusinessHours(17))
        #expect(WorkShifts.nextShiftStart(after: 17) == 24 + 8)
        #expect(WorkShifts.nextShiftStart(after: 4 * 24 + 17) == 7 * 24 + 8, "Friday evening → Monday morning")
        #expect(!WorkShifts.isBusinessHours(5 * 24 + 10), "Saturday")
        #expect(WorkShifts.nextShiftStart(after: 2 * 168 + 3 * 24 + 9) == 2 * 168 + 3 * 24 + 9, "open now, weeks later")
    }

    /// A nightly window runs past midnight, and past the end of the week.
    @Test func windowsAcrossMidnightAndWeekEnd() {
        let nightly = WeeklyWindow(start: 22, duration: 6)
        #expect(nightly.contains(23) && nightly.contains(24 + 3.99) && !nightly.contains(24 + 4))
        #expect(nightly.nextOpening(atOrAfter: 24 + 4) == 24 + 22)
        let sunday = WeeklyWindow(days: [6], start: 22, duration: 6)
        #expect(sunday.contains(168 + 1), "Sunday night reaches into Monday of the next week")
        #expect(sunday.contains(1), "the pattern is periodic: the week before time 0 has a Sunday too")
        #expect(sunday.nextOpening(atOrAfter: 10) == 6 * 24 + 22)
    }
}
