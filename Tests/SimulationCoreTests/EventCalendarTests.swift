import SimulationCore
import Stochastics
import Testing

@Suite struct EventCalendarTests {
    @Test func equalTimesFireInSchedulingOrder() {
        var calendar = EventCalendar<Int>()
        for i in 0..<50 { calendar.schedule(i, at: Double(i % 3)) }
        var fired: [Int] = []
        while let event = calendar.next() { fired.append(event) }
        let expected = (0..<50).sorted { ($0 % 3, $0) < ($1 % 3, $1) }
        #expect(fired == expected)
    }

    /// 500 pending events sift by tournament; 60,000 (1.4 MiB of entries) by scanning the children.
    @Test(arguments: [500, 60_000])
    func randomSchedulesFireInTimeThenSequenceOrder(pending: Int) {
        // Oracle: a stable sort by time of the scheduling order, with handlers scheduling more.
        let stream = RandomStream(masterSeed: 11, name: "calendar.order")
        var calendar = EventCalendar<Int>()
        var scheduled: [(time: Double, id: Int)] = []
        var nextID = 0
        func add(at time: Double) {
            calendar.schedule(nextID, at: time)
            scheduled.append((time, nextID))
            nextID += 1
        }
        for _ in 0..<pending { add(at: Double(stream.index(below: 40))) }  // many ties
        var fired: [Int] = []
        while let id = calendar.next() {
            fired.append(id)
            if nextID < pending + 2500 { add(at: calendar.now + Double(stream.index(below: 5))) }
        }
        let expected = scheduled.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element.id)
        #expect(fired == expected)
    }

    @Test func cancelledEventsNeverFire() {
        var calendar = EventCalendar<Int>()
        var handles: [EventHandle] = []
        for i in 0..<100 { handles.append(calendar.schedule(i, at: Double(i % 10))) }
        for i in stride(from: 0, to: 100, by: 3) {
            let cancelled = calendar.cancel(handles[i])
            #expect(cancelled)
        }
        let cancelledTwice = calendar.cancel(handles[0])
        #expect(!cancelledTwice, "cancelling twice does nothing")
        #expect(calendar.pendingCount == 100 - 34)
        var fired: [Int] = []
        while let event = calendar.next() {
            fired.append(event)
            // Cancel a pending event from inside a handler, as models do.
            if event == 1 {
                let cancelled = calendar.cancel(handles[98])
                #expect(cancelled)
            }
        }
        #expect(fired.allSatisfy { $0 % 3 != 0 && $0 != 98 })
        #expect(fired.count == 100 - 34 - 1)
    }

    @Test func randomCancellationsMatchAReferenceList() {
        // Oracle: a plain list of pending (time, sequence) keys. Schedules with many ties,
        // cancellations of pending, fired and already cancelled events (including the next to
        // fire, and from inside handlers), checked step by step against the calendar.
        let stream = RandomStream(masterSeed: 29, name: "calendar.cancellation")
        var calendar = EventCalendar<Int>()
        var pending: [(time: Double, id: Int)] = []
        var handles: [EventHandle] = []
        var cancelledIDs = Set<Int>(), firedIDs = Set<Int>()
        func add(at time: Double) {
            handles.append(calendar.schedule(handles.count, at: time))
            pending.append((time, handles.count - 1))
        }
        for _ in 0..<300 { add(at: Double(stream.index(below: 30))) }
        var fired = 0
        while true {
            for _ in 0..<stream.index(below: 3) where !handles.isEmpty {
                let id = stream.index(below: 4) == 0 ? (pending.min { ($0.time, $0.id) < ($1.time, $1.id) }?.id ?? 0)
                                                     : stream.index(below: handles.count)
                let wasPending = pending.contains { $0.id == id }
                #expect(calendar.cancel(handles[id]) == wasPending, "cancel of event \(id)")
                if wasPending {
                    pending.removeAll { $0.id == id }
                    cancelledIDs.insert(id)
                }
            }
            #expect(calendar.pendingCount == pending.count)
            let expected = pending.min { ($0.time, $0.id) < ($1.time, $1.id) }
            guard let id = calendar.next() else {
                #expect(expected == nil)
                break
            }
            #expect(id == expected?.id)
            pending.removeAll { $0.id == id }
            firedIDs.insert(id)
            fired += 1
            if handles.count < 2000 { add(at: calendar.now + Double(stream.index(below: 4))) }
        }
        #expect(firedIDs.isDisjoint(with: cancelledIDs))
        #expect(fired + cancelledIDs.count == handles.count)
        #expect(handles.allSatisfy { !calendar.isPending($0) })
    }

    @Test func cancellingAFiredEventReturnsFalse() {
        var calendar = EventCalendar<String>()
        let first = calendar.schedule("a", at: 1)
        let second = calendar.schedule("b", at: 1)
        let fired = calendar.next()
        #expect(fired == "a")
        #expect(!calendar.isPending(first) && calendar.isPending(second))
        let cancelledFired = calendar.cancel(first)
        let cancelledPending = calendar.cancel(second)
        #expect(!cancelledFired && cancelledPending)
        let after = calendar.next()
        #expect(after == nil)
        #expect(calendar.pendingCount == 0)
    }

    @Test func runStopsAtTheHorizonWithTheClockThere() {
        struct Ticker: SimulationModel {
            var ticks: [Double] = []
            mutating func handle(_ event: Int, calendar: inout EventCalendar<Int>) {
                ticks.append(calendar.now)
                calendar.schedule(event, after: 1.5)
            }
        }
        var model = Ticker()
        var calendar = EventCalendar<Int>()
        calendar.schedule(0, at: 0)
        let end = calendar.run(&model, until: 6)
        #expect(end == .horizonReached)
        #expect(model.ticks == [0, 1.5, 3, 4.5])
        #expect(calendar.now == 6 && calendar.pendingCount == 1 && calendar.eventsFired == 4)
        _ = calendar.run(&model, until: 7.5)
        #expect(model.ticks.last == 6)
    }

    @Test func aModelCanStopTheRun() {
        struct StopAtThree: SimulationModel {
            mutating func handle(_ event: Int, calendar: inout EventCalendar<Int>) {
                if event == 3 { calendar.stop() } else { calendar.schedule(event + 1, after: 1) }
            }
        }
        var model = StopAtThree()
        var calendar = EventCalendar<Int>()
        calendar.schedule(0, at: 0)
        let first = calendar.run(&model)
        #expect(first == .stopped && calendar.now == 3)
        let second = calendar.run(&model)
        #expect(second == .noEventsLeft)
    }

    @Test func engineAndBareHeapProduceTheSameHoldTrajectory() {
        // Same stream, same draws in the same order: any ordering bug would change the clock.
        for population in [1, 7, 1000] {
            let engine = HoldBenchmarkProbe.engine(population: population)
            let bare = HoldBenchmarkProbe.bare(population: population)
            #expect(engine == bare, "P = \(population)")
        }
    }

    @Test func theDrawsAloneAreTheHoldsExponentialIncrements() {
        // n draws of Exp(1) sum to n ± 4√n (4 standard deviations): the timing draws what the
        // hold loop draws, once per event, not fewer.
        let events = 40_000
        let total = HoldBenchmarkProbe.drawsAlone(events: events)
        #expect(abs(total - Double(events)) < 4 * Double(events).squareRoot(), "sum \(total)")
    }
}
