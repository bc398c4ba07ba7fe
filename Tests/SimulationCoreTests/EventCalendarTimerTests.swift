import SimulationCore
import Stochastics
import Testing

@Suite struct EventCalendarTimerTests {
    /// Oracle: the same random workload on two calendars, one re-arming timers, the other
    /// cancelling and rescheduling plain events, as models did before timers. Both must fire
    /// the same events in the same order, ties included, with the same pending counts.
    @Test func timersFireExactlyAsCancelAndRescheduleWould() {
        let stream = RandomStream(masterSeed: 17, name: "calendar.timers")
        var withTimers = EventCalendar<Int>()
        var plain = EventCalendar<Int>()
        var handles: [EventHandle?] = Array(repeating: nil, count: 5)
        var nextID = 0
        func scheduleOnBoth(after delay: Double) {
            withTimers.schedule(nextID, after: delay)
            plain.schedule(nextID, after: delay)
            nextID += 1
        }
        func armOnBoth(_ timer: Int, after delay: Double) {
            withTimers.arm(TimerID(timer), nextID, after: delay)
            if let handle = handles[timer] { plain.cancel(handle) }
            handles[timer] = plain.schedule(nextID, after: delay)
            nextID += 1
        }
        for _ in 0..<50 { scheduleOnBoth(after: Double(stream.index(below: 10))) }
        for timer in 0..<5 { armOnBoth(timer, after: Double(stream.index(below: 10))) }
        var fired = 0
        while fired < 5000 {
            #expect(withTimers.pendingCount == plain.pendingCount)
            #expect(withTimers.nextEventTime() == plain.nextEventTime())
            let event = withTimers.next(), expected = plain.next()
            #expect(event == expected && withTimers.now == plain.now)
            guard event != nil else { break }
            fired += 1
            for timer in 0..<5 where handles[timer].map({ !plain.isPending($0) }) ?? false { handles[timer] = nil }
            #expect((0..<5).allSatisfy { withTimers.isArmed(TimerID($0)) == (handles[$0] != nil) })
            // Whole-hour delays: many ties between timers and scheduled events.
            scheduleOnBoth(after: Double(stream.index(below: 4)))
            let timer = stream.index(below: 5)
            switch stream.index(below: 4) {
            case 0:
                withTimers.disarm(TimerID(timer))
                if let handle = handles[timer] { plain.cancel(handle) }
                handles[timer] = nil
            default:
                armOnBoth(timer, after: Double(stream.index(below: 4)))
            }
        }
        #expect(fired == 5000)
        #expect(withTimers.eventsFired == plain.eventsFired)
    }

    @Test func aTimerPastTheHorizonStaysArmed() {
        var calendar = EventCalendar<String>()
        calendar.arm(TimerID(0), "late", at: 10)
        calendar.schedule("early", at: 2)
        #expect(calendar.next(before: 5) == "early")
        #expect(calendar.next(before: 5) == nil)
        #expect(calendar.isArmed(TimerID(0)) && calendar.pendingCount == 1)
        calendar.arm(TimerID(0), "moved", at: 4)
        #expect(calendar.next(before: 5) == "moved" && calendar.now == 4)
        #expect(!calendar.isArmed(TimerID(0)) && calendar.pendingCount == 0)
    }
}
