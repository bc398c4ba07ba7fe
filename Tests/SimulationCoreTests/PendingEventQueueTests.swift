import Foundation
import SimulationCore
import EngineBenchmarks
import Stochastics
import Testing

/// The candidate event lists (calendar queue, ladder queue) take events in exactly the heap's
/// (time, sequence) order — the event calendar's heap is the oracle — on random workloads: ties,
/// bursts, far-off events, growing and shrinking populations, increments that are exponential,
/// bimodal or heavy-tailed.
@Suite struct PendingEventQueueTests {
    enum Increment: CaseIterable { case exponential, bimodal, heavyTailed, ties, mixedScales }
    enum Candidate: CaseIterable { case calendarQueue, ladderQueue }

    static func increment(_ kind: Increment, _ stream: RandomStream) -> Double {
        switch kind {
        case .exponential: stream.exponential(mean: 1)
        case .bimodal: stream.bernoulli(0.9) ? stream.uniform() * 0.01 : 100 + stream.uniform()
        case .heavyTailed: 0.01 / pow(stream.uniformPositive(), 1.5)  // Pareto, tail index 2/3: infinite mean
        case .ties: Double(stream.index(below: 4))  // many events at the same time
        case .mixedScales: stream.bernoulli(0.5) ? stream.exponential(mean: 1e-4) : stream.exponential(mean: 1e4)
        }
    }

    @Test(arguments: Candidate.allCases, Increment.allCases)
    func takesEventsInTheHeapsOrder(_ candidate: Candidate, _ kind: Increment) {
        switch candidate {
        case .calendarQueue: Self.compareWithTheHeap(CalendarQueue<UInt64>.self, kind)
        case .ladderQueue: Self.compareWithTheHeap(LadderQueue<UInt64>.self, kind)
        }
    }

    static func compareWithTheHeap<Queue: PendingEventQueue<UInt64>>(_: Queue.Type, _ kind: Increment) {
        let stream = RandomStream(masterSeed: 7, name: "calendar-queue.\(kind)")
        var oracle = EventCalendar<UInt64>()
        var queue = Queue()
        var sequence: UInt64 = 0
        var now = 0.0
        func add(_ time: Double) {
            oracle.schedule(sequence, at: time)
            queue.insert(sequence, at: time, sequence: sequence)
            sequence += 1
        }
        for _ in 0..<3000 { add(increment(kind, stream)) }
        var taken = 0
        for step in 0..<60_000 {
            // Phases: hold, grow (two in per one out), shrink (one in per two out).
            let phase = (step / 5000) % 3
            let adds = phase == 1 ? 2 : phase == 2 ? (step % 2) : 1
            guard let expected = oracle.next() else { break }
            let actual = queue.first()
            #expect(actual?.payload == expected && actual?.time == oracle.now, "step \(step): heap \(expected) at \(oracle.now), queue \(String(describing: actual))")
            if actual?.payload != expected { return }
            queue.removeFirst()
            now = oracle.now
            taken += 1
            for _ in 0..<adds { add(now + increment(kind, stream)) }
        }
        #expect(taken > 30_000 && queue.count == oracle.pendingCount)
    }

    @Test(arguments: Candidate.allCases)
    func anEventEarlierThanAPeekedOneStillComesFirst(_ candidate: Candidate) {
        switch candidate {
        case .calendarQueue: Self.earlierThanPeeked(CalendarQueue<Int>.self)
        case .ladderQueue: Self.earlierThanPeeked(LadderQueue<Int>.self)
        }
    }

    static func earlierThanPeeked<Queue: PendingEventQueue<Int>>(_: Queue.Type) {
        var queue = Queue()
        for (index, time) in [5.0, 1000, 2000].enumerated() { queue.insert(index, at: time, sequence: UInt64(index)) }
        queue.removeFirst()  // 5
        #expect(queue.first()?.payload == 1)  // peeks ahead to day of 1000
        queue.insert(9, at: 6, sequence: 9)   // then something earlier arrives
        #expect(queue.first()?.payload == 9)
        queue.removeFirst()
        #expect(queue.first()?.payload == 1 && queue.count == 2)
    }
}
