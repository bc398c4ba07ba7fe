/// A model whose state obeys invariants that can be checked between any two events.
public protocol InvariantChecking: SimulationModel {
    /// The first broken invariant, described, or `nil` when all hold. `eventsHandled` lets a
    /// costly check run on a stride of events rather than after each.
    func invariantViolation(eventsHandled: Int) -> String?
}

/// A model run with its invariants checked after every event; the run stops at the first
/// violation, which names the event and the time. A wrapper, like `RecordingModel`, so that
/// ordinary runs pay nothing.
public struct InvariantCheckingModel<Model: InvariantChecking>: SimulationModel {
    public var model: Model
    public private(set) var eventsChecked = 0
    public private(set) var violation: String?

    public init(_ model: Model) { self.model = model }

    public mutating func handle(_ event: Model.Event, calendar: inout EventCalendar<Model.Event>) {
        model.handle(event, calendar: &calendar)
        eventsChecked += 1
        if let broken = model.invariantViolation(eventsHandled: eventsChecked) {
            violation = "after event \(eventsChecked) (\(event)) at \(calendar.now) h: \(broken)"
            calendar.stop()
        }
    }
}
