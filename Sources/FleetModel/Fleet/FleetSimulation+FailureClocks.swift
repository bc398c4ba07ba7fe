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

extension FleetSimulation {
    /// Starts the failure clock of a component that has just come up: its own event, or, for a
    /// pooled class, a redraw of the class's clock.
    mutating func startFailureClock(classIndex: Int, instance: Int, calendar: inout EventCalendar<Event>) {
        generation[classIndex][instance] &+= 1
        if configuration.trace?.tracedClasses.contains(classIndex) == true { return }
        if pooledClocks[classIndex] != nil {
            pooledClocks[classIndex]!.markUp(instance)
            reschedulePooledFailure(classIndex: classIndex, calendar: &calendar)
            return
        }
        let timeToFailure = configuration.componentClasses[classIndex].timeToFailure
        calendar.schedule(
            .failure(componentClass: Int16(classIndex), generation: generation[classIndex][instance], instance: Int32(instance)),
            after: timeToFailure.sample(using: streams.failure[classIndex]))
    }

    /// Redraws a pooled class's next failure for its current number of up components.
    mutating func reschedulePooledFailure(classIndex: Int, calendar: inout EventCalendar<Event>) {
        if let pending = pooledClocks[classIndex]!.pending { calendar.cancel(pending) }
        let clock = pooledClocks[classIndex]!
        guard clock.upCount > 0 else {
            pooledClocks[classIndex]!.pending = nil
            return
        }
        let delay = streams.failure[classIndex].exponential(mean: clock.meanTimeToFailure / Double(clock.upCount))
        pooledClocks[classIndex]!.pending = calendar.schedule(.pooledFailure(componentClass: Int16(classIndex)), after: delay)
    }
}
