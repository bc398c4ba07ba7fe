/// A model driven by an `EventCalendar`: it reacts to each event, possibly scheduling or
/// cancelling others.
///
/// Events are a value type the model defines (usually an enum), so dispatch is a `switch`, with
/// no closures or existentials per event; the run loop is generic and specialised for the model.
public protocol SimulationModel {
    associatedtype Event

    /// Reacts to `event`, due at `calendar.now`.
    mutating func handle(_ event: Event, calendar: inout EventCalendar<Event>)

    /// `event` as a run record shows it, just before it is handled: with the names the scenario
    /// gives what it concerns, where the model has them. By default, Swift's description.
    func describe(_ event: Event) -> String
}

extension SimulationModel {
    public func describe(_ event: Event) -> String { "\(event)" }
}

/// Why `EventCalendar.run` returned.
public enum RunEnd: Hashable, Sendable {
    /// The horizon was reached; the clock reads the horizon.
    case horizonReached
    /// The model called `stop()`.
    case stopped
    /// No event was left before the horizon was reached (possible only with an infinite horizon).
    case noEventsLeft
}

extension EventCalendar {
    /// Fires events in order, handing each to `model`, until the model stops the run, the next
    /// event is due at or after `horizon`, or none is left. A finite horizon leaves the clock at
    /// the horizon, so time averages cover the whole run.
    @inlinable @discardableResult
    public mutating func run<Model: SimulationModel>(
        _ model: inout Model, until horizon: SimTime = .infinity
    ) -> RunEnd where Model.Event == Payload {
        stopRequested = false
        while let event = next(before: horizon) {
            model.handle(event, calendar: &self)
            if stopRequested { return .stopped }
        }
        guard horizon.isFinite else { return .noEventsLeft }
        currentTime = Swift.max(currentTime, horizon)
        return .horizonReached
    }
}
