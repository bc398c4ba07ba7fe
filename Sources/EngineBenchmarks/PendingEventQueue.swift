import SimulationCore

/// What the hold benchmark and the oracle tests need of a candidate event list: events in,
/// the earliest by (time, sequence) out.
public protocol PendingEventQueue<Payload> {
    associatedtype Payload
    init()
    var count: Int { get }
    mutating func insert(_ payload: Payload, at time: SimTime, sequence: UInt64)
    /// The earliest event, if any (not removed).
    mutating func first() -> (time: SimTime, sequence: UInt64, payload: Payload)?
    /// Removes the event `first()` returns.
    mutating func removeFirst()
}

extension CalendarQueue: PendingEventQueue {}
extension LadderQueue: PendingEventQueue {}
