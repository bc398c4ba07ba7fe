import Foundation
import SimulationCore
import Stochastics

/// The classic *hold* benchmark of event-list performance (Vaucher & Duval 1975; Jones 1986):
/// keep `population` events pending; repeatedly take the earliest and schedule one at
/// now + Exp(1). It measures the cost of one event in the engine: pop, dispatch, draw, push.
struct HoldModel: SimulationModel {
    /// A small payload, as real models carry (a component index).
    typealias Event = Int32

    let stream: RandomStream
    let increment: HoldIncrement
    let eventLimit: Int
    var handled = 0

    mutating func handle(_ event: Int32, calendar: inout EventCalendar<Int32>) {
        calendar.schedule(event, after: increment.draw(stream))
        handled &+= 1
        if handled == eventLimit { calendar.stop() }
    }
}

/// How far ahead each event schedules the next: the classic exponential, and the two shapes
/// under which calendar queues are known to struggle (Rönngren & Ayani 1997): most events very
/// close with a few far away (bimodal), and a heavy tail (Pareto with infinite mean).
public enum HoldIncrement: String, CaseIterable, Sendable {
    case exponential, bimodal, pareto

    @inlinable func draw(_ stream: RandomStream) -> Double {
        switch self {
        case .exponential: stream.exponential(mean: 1)
        case .bimodal: stream.uniform() < 0.9 ? 0.01 * stream.uniform() : 100 + stream.uniform()
        case .pareto: 0.01 / pow(stream.uniformPositive(), 1.5)
        }
    }
}

/// The same loop on a bare array-based 4-ary heap of times, with no simulator around it: the
/// yardstick the engine is compared with, and an oracle for its ordering (same stream, so the
/// same event times).
struct BareQuaternaryHeap {
    private(set) var times: [Double] = []

    init(capacity: Int) { times.reserveCapacity(capacity) }

    var minimum: Double { times[0] }

    mutating func push(_ time: Double) {
        times.append(time)
        times.withUnsafeMutableBufferPointer { heap in
            var index = heap.count - 1
            while index > 0 {
                let parent = (index - 1) >> 2
                guard time < heap[parent] else { break }
                heap[index] = heap[parent]
                index = parent
            }
            heap[index] = time
        }
    }

    /// Replaces the minimum with `time` (one sift-down).
    mutating func replaceMinimum(with time: Double) {
        times.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var index = 0
            while true {
                let first = 4 &* index &+ 1
                if first >= count { break }
                var best = first
                var child = first &+ 1
                let end = Swift.min(first &+ 4, count)
                while child < end {
                    if heap[child] < heap[best] { best = child }
                    child &+= 1
                }
                guard heap[best] < time else { break }
                heap[index] = heap[best]
                index = best
            }
            heap[index] = time
        }
    }
}
