import SimulationCore
import Stochastics

/// One failure clock for all components of a class whose time to failure is exponential.
///
/// The failures of n independent up components, each failing at rate 1/mean, form a Poisson
/// process of rate n/mean, and which one fails next is uniform among them (competing
/// exponentials). Memorylessness lets the clock be redrawn whenever n changes. This replaces a
/// pending event per component by one per class: a million-GPU fleet keeps a small event list,
/// and the cost per failure no longer grows with the fleet.
///
/// Each up instance's index in `up` is kept by `FailureProcesses`, in the instance's own record
/// beside its generation, so that taking a random component of millions out of service touches
/// one record rather than one array per field.
struct PooledFailureClock {
    let meanTimeToFailure: Double
    /// Up instances, in no particular order.
    private var up: [Int32]
    /// The calendar timer that holds the next failure, re-armed at every change of `upCount`.
    let timer: TimerID

    init(instances: Int, meanTimeToFailure: Double, timer: TimerID) {
        self.meanTimeToFailure = meanTimeToFailure
        self.timer = timer
        up = (0..<instances).map { Int32($0) }
    }

    var upCount: Int { up.count }

    /// The instance that `remove(at:)` moves: the last in the up list.
    var lastUp: Int? { up.last.map(Int.init) }

    /// Removes the up instance at `index` by moving the last one there; returns the instance
    /// moved, whose index is now `index` (nil when the removed one was last).
    mutating func remove(at index: Int) -> Int? {
        let last = up.removeLast()
        guard index < up.count else { return nil }
        up[index] = last
        return Int(last)
    }

    /// Adds an up instance; returns its index.
    mutating func append(_ instance: Int) -> Int {
        up.append(Int32(instance))
        return up.count - 1
    }

    func randomUpInstance(using stream: RandomStream) -> Int {
        Int(up[stream.index(below: up.count)])
    }
}
