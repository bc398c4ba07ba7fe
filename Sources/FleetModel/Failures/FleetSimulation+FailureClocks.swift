import SimulationCore
import Stochastics

extension FleetSimulation {
    /// Starts the failure clock of a component that has just come up: its own event, or, for a
    /// pooled class, a redraw of the class's clock.
    mutating func startFailureClock(_ component: ComponentID, calendar: inout EventCalendar<Event>) {
        let generation = failures.restartClock(component)
        let classIndex = component.classIndex
        if failures.isTraced(classIndex: classIndex) { return }
        if failures.pooledClocks[classIndex] != nil {
            reschedulePooledFailure(classIndex: classIndex, calendar: &calendar)
            return
        }
        let timeToFailure = configuration.componentClasses[classIndex].timeToFailure
        calendar.schedule(.failures(.failure(component, generation: generation)),
                          after: timeToFailure.sample(using: streams.failure[classIndex]))
    }

    /// Redraws a pooled class's next failure for its current number of up components.
    mutating func reschedulePooledFailure(classIndex: Int, calendar: inout EventCalendar<Event>) {
        guard let clock = failures.pooledClocks[classIndex] else { return }
        guard clock.upCount > 0 else {
            calendar.disarm(clock.timer)
            return
        }
        let delay = streams.failure[classIndex].exponential(mean: clock.meanTimeToFailure / Double(clock.upCount))
        calendar.arm(clock.timer, .failures(.pooledFailure(componentClass: Int16(classIndex))), after: delay)
    }

    /// The component is failed (or degraded): no other failure can strike it, and any pending
    /// clock of it is void, until its repair restarts the clock.
    mutating func takeOutOfService(_ component: ComponentID, calendar: inout EventCalendar<Event>) {
        if failures.takeOutOfService(component) {
            reschedulePooledFailure(classIndex: component.classIndex, calendar: &calendar)
        }
    }
}
