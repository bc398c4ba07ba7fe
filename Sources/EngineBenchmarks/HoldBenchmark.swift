import Dispatch
import SimulationCore
import Stochastics

/// Runs the hold model on the engine and on the bare heap and reports events per second.
public enum HoldBenchmark {
    public struct Measurement: Hashable, Sendable {
        public let population: Int
        public let events: Int
        public let engineEventsPerSecond: Double
        public let bareHeapEventsPerSecond: Double
        /// The same loop on a bare calendar queue and on a bare ladder queue.
        public let calendarQueueEventsPerSecond: Double
        public let ladderQueueEventsPerSecond: Double
        /// The loop's draws alone, one per event: the time no event list can take away.
        public let drawsPerSecond: Double
        /// Engine ÷ bare heap (1.0 = no overhead).
        public let ratio: Double
    }

    /// The clock after the last event, and the seconds the events took (set-up excluded).
    public struct Run: Hashable, Sendable {
        public let finalTime: Double
        public let seconds: Double
    }

    static let streamName = "bench.hold"

    /// Best of `repeats` timings for each side (the minimum is the least disturbed by noise),
    /// the sides interleaved so that a slow spell of the machine hits them alike.
    public static func measure(population: Int, events: Int, increment: HoldIncrement = .exponential, repeats: Int = 3,
                               seed: UInt64 = 1) -> Measurement {
        var engine = Double.infinity, bare = Double.infinity, calendar = Double.infinity, ladder = Double.infinity
        var draws = Double.infinity
        for _ in 0..<repeats {
            draws = min(draws, runDraws(events: events, increment: increment, seed: seed).seconds)
            engine = min(engine, runEngine(population: population, events: events, increment: increment, seed: seed).seconds)
            bare = min(bare, runBareHeap(population: population, events: events, increment: increment, seed: seed).seconds)
            calendar = min(calendar, run(CalendarQueue<Int32>.self, population: population, events: events, increment: increment, seed: seed).seconds)
            ladder = min(ladder, run(LadderQueue<Int32>.self, population: population, events: events, increment: increment, seed: seed).seconds)
        }
        let engineRate = Double(events) / engine, bareRate = Double(events) / bare
        return Measurement(
            population: population, events: events, engineEventsPerSecond: engineRate,
            bareHeapEventsPerSecond: bareRate, calendarQueueEventsPerSecond: Double(events) / calendar,
            ladderQueueEventsPerSecond: Double(events) / ladder, drawsPerSecond: Double(events) / draws,
            ratio: engineRate / bareRate)
    }

    /// The increments alone, drawn as the loop draws them and summed: the draws' share of each
    /// side, and a floor under any model on the engine that draws once per event.
    public static func runDraws(events: Int, increment: HoldIncrement = .exponential, seed: UInt64) -> Run {
        let stream = RandomStream(masterSeed: seed, name: streamName)
        var total = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<events { total += increment.draw(stream) }
        let end = DispatchTime.now().uptimeNanoseconds
        return Run(finalTime: total, seconds: Double(end - start) / 1e9)
    }

    public static func runEngine(population: Int, events: Int, increment: HoldIncrement = .exponential, seed: UInt64) -> Run {
        let stream = RandomStream(masterSeed: seed, name: streamName)
        var calendar = EventCalendar<Int32>(reservingCapacity: population)
        for token in 0..<population {
            calendar.schedule(Int32(truncatingIfNeeded: token), at: increment.draw(stream))
        }
        var model = HoldModel(stream: stream, increment: increment, eventLimit: events)
        let start = DispatchTime.now().uptimeNanoseconds
        calendar.run(&model)
        let end = DispatchTime.now().uptimeNanoseconds
        return Run(finalTime: calendar.now, seconds: Double(end - start) / 1e9)
    }

    public static func runBareHeap(population: Int, events: Int, increment: HoldIncrement = .exponential, seed: UInt64) -> Run {
        let stream = RandomStream(masterSeed: seed, name: streamName)
        var heap = BareQuaternaryHeap(capacity: population)
        for _ in 0..<population { heap.push(increment.draw(stream)) }
        var now = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<events {
            now = heap.minimum
            heap.replaceMinimum(with: now + increment.draw(stream))
        }
        let end = DispatchTime.now().uptimeNanoseconds
        return Run(finalTime: now, seconds: Double(end - start) / 1e9)
    }

    /// The loop on a bare candidate queue (sequence numbers kept, payload a token).
    public static func run<Queue: PendingEventQueue<Int32>>(
        _ queueType: Queue.Type, population: Int, events: Int, increment: HoldIncrement = .exponential, seed: UInt64
    ) -> Run {
        let stream = RandomStream(masterSeed: seed, name: streamName)
        var queue = Queue()
        var sequence: UInt64 = 0
        for token in 0..<population {
            queue.insert(Int32(truncatingIfNeeded: token), at: increment.draw(stream), sequence: sequence)
            sequence &+= 1
        }
        var now = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<events {
            let first = queue.first()!
            now = first.time
            queue.removeFirst()
            queue.insert(first.payload, at: now + increment.draw(stream), sequence: sequence)
            sequence &+= 1
        }
        let end = DispatchTime.now().uptimeNanoseconds
        return Run(finalTime: now, seconds: Double(end - start) / 1e9)
    }
}
