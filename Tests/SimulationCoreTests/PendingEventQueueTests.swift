import Foundation
import HeapModule
import SimulationCore
import EngineBenchmarks
import Stochastics
import Testing

/// The event lists (the engine's ladder queue, the calendar queue candidate) take events in
/// exactly a heap's (time, sequence) order — swift-collections' `Heap` is the oracle — on
/// random workloads: ties, bursts, far-off events, growing and shrinking populations, increments
/// that are exponential, bimodal or heavy-tailed.
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
        var oracle = Heap<OracleKey>()
        var queue = Queue()
        var sequence: UInt64 = 0
        var now = 0.0
        func add(_ time: Double) {
            oracle.insert(OracleKey(time: time, sequence: sequence))
            queue.insert(sequence, at: time, sequence: sequence)
            sequence += 1
        }
        for _ in 0..<3000 { add(increment(kind, stream)) }
        var taken = 0
        for step in 0..<60_000 {
            // Phases: hold, grow (two in per one out), shrink (one in per two out).
            let phase = (step / 5000) % 3
            let adds = phase == 1 ? 2 : phase == 2 ? (step % 2) : 1
            guard let expected = oracle.popMin() else { break }
            let actual = queue.first()
            #expect(actual?.payload == expected.sequence && actual?.time == expected.time, "step \(step): heap \(expected), queue \(String(describing: actual))")
            if actual?.payload != expected.sequence { return }
            queue.removeFirst()
            now = expected.time
            taken += 1
            for _ in 0..<adds { add(now + increment(kind, stream)) }
        }
        #expect(taken > 30_000 && queue.count == oracle.count)
    }

    struct OracleKey: Comparable {
        let time: Double
        let sequence: UInt64

        static func < (lhs: Self, rhs: Self) -> Bool {
            lhs.time < rhs.time || (lhs.time == rhs.time && lhs.sequence < rhs.sequence)
        }
    }

    /// Takes every event out of `queue`, expecting exactly `keys` in the heap's order; false at
    /// the first one out of order.
    static func expectDrains(_ queue: inout LadderQueue<Int>, inOrderOf keys: [OracleKey], _ comment: Comment? = nil) -> Bool {
        for key in keys.sorted() {
            let first = queue.first()
            #expect(first?.time == key.time && first?.sequence == key.sequence, comment)
            if first?.sequence != key.sequence { return false }
            queue.removeFirst()
        }
        #expect(queue.count == 0, comment)
        return true
    }

    /// A ladder queue and the oracle's keys of the events put into it, numbered as they come.
    struct FedLadder {
        var queue = LadderQueue<Int>()
        var keys: [OracleKey] = []
        var sequence: UInt64 = 0

        mutating func add(_ time: Double) {
            queue.insert(Int(sequence), at: time, sequence: sequence)
            keys.append(OracleKey(time: time, sequence: sequence))
            sequence += 1
        }
    }

    /// Many events arriving below the ladder (inside the bucket just taken) overflow the bottom
    /// into a rung of their own, and still come out in order, before the ladder's.
    @Test func eventsArrivingBelowTheLadderKeepTheirOrder() {
        let stream = RandomStream(masterSeed: 13, name: "ladder.below")
        var ladder = FedLadder()
        for index in 0..<1000 { ladder.add(Double(index)) }  // one per unit: the rung's buckets are ~1 wide
        #expect(ladder.queue.first()?.time == 0)
        ladder.queue.removeFirst()
        ladder.keys.removeFirst()
        // 500 events in [0.2, 1.0): below the first rung's next bucket, so into the bottom.
        for _ in 0..<500 { ladder.add(0.2 + 0.8 * stream.uniform()) }
        _ = Self.expectDrains(&ladder.queue, inOrderOf: ladder.keys)
    }

    /// A bucket goes into the bottom placed by counting ranks (up to the split threshold, 50
    /// events), sorted by the standard sort (more, all at one time, so that it cannot be split)
    /// or split into a rung (more, at several times); each way in (time, sequence) order, ties
    /// by sequence, whatever order the events arrived in.
    @Test(arguments: [(2, 3), (7, 3), (50, 3), (50, 1), (60, 1), (60, 3)])
    func aCrowdedBucketComesOutInOrder(_ size: Int, _ distinctTimes: Int) {
        let stream = RandomStream(masterSeed: 17, name: "ladder.bucket")
        var ladder = FedLadder()
        ladder.add(0)
        ladder.add(1000)
        // All within one bucket of the first rung (size + 2 buckets over [0, 1000]).
        for _ in 0..<size { ladder.add(500.1 + 1e-6 * Double(stream.index(below: distinctTimes))) }
        _ = Self.expectDrains(&ladder.queue, inOrderOf: ladder.keys, "bucket of \(size) at \(distinctTimes) times")
    }

    /// Payloads that hold references (heap-allocated strings) survive a bucket's placement by
    /// rank, which copies the bucket through the stack, and its standard sort.
    @Test(arguments: [(30, 3), (60, 1)])
    func referencePayloadsComeOutWhole(_ size: Int, _ distinctTimes: Int) {
        var queue = LadderQueue<String>()
        for index in 0..<size + 2 {
            // As in `aCrowdedBucketComesOutInOrder`: one bucket between events at 0 and 1000.
            let time = index == 0 ? 0 : index == 1 ? 1000 : 500.1 + 1e-6 * Double(index % distinctTimes)
            queue.insert("event number \(index), long enough to live on the heap", at: time, sequence: UInt64(index))
        }
        var taken: [String] = []
        while let first = queue.first() {
            taken.append(first.payload)
            queue.removeFirst()
        }
        #expect(taken.count == size + 2)
        #expect(Set(taken).count == size + 2)
        #expect(taken.allSatisfy { $0.hasSuffix("long enough to live on the heap") })
    }

    /// Emptied and filled again, the ladder reuses its pool and rungs and keeps the order.
    @Test func theLadderKeepsItsOrderWhenEmptiedAndFilledAgain() {
        let stream = RandomStream(masterSeed: 11, name: "ladder.refill")
        var ladder = FedLadder()
        var now = 0.0
        for round in 0..<4 {
            let count = [5000, 3, 20_000, 700][round]
            ladder.keys = []
            for _ in 0..<count {
                ladder.add(now + (stream.bernoulli(0.2) ? Double(stream.index(below: 3)) : stream.exponential(mean: 10)))
            }
            guard Self.expectDrains(&ladder.queue, inOrderOf: ladder.keys, "round \(round)") else { return }
            #expect(ladder.queue.first() == nil)
            now = ladder.keys.max()!.time
        }
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
