import SimulationCore
import Stochastics

/// One failure clock for all components of a class whose time to failure is exponential.
///
/// The failures of n independent up components, each failing at rate 1/mean, form a Poisson
/// process of rate n/mean, and which one fails next is uniform among them (competing
/// exponentials). Memorylessness lets the clock be redrawn whenever n changes. This replaces a
/// pending event per component by one per class: a million-GPU fleet keeps a small event list,
/// and the cost per failure no longer grows with the fleet.
struct PooledFailureClock {
    let meanTimeToFailure: Double
    /// Up instances, in no particular order, and each instance's index there (−1 when down).
    private var up: [Int32]
    private var position: [Int32]
    var pending: EventHandle?

    init(instances: Int, meanTimeToFailure: Double) {
        self.meanTimeToFailure = meanTimeToFailure
        up = (0..<instances).map { Int32($0) }
        position = up
    }

    var upCount: Int { up.count }

    mutating func markDown(_ instance: Int) {
        let index = Int(position[instance])
        guard index >= 0 else { return }
        let last = up.removeLast()
        if Int(last) != instance {
            up[index] = last
            position[Int(last)] = Int32(index)
        }
        position[instance] = -1
    }

    mutating func markUp(_ instance: Int) {
        guard position[instance] < 0 else { return }
        position[instance] = Int32(up.count)
        up.append(Int32(instance))
    }

    func randomUpInstance(using stream: RandomStream) -> Int {
        Int(up[stream.index(below: up.count)])
    }
}
