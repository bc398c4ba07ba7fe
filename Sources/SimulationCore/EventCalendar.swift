import HeapModule

/// Identifies a scheduled event so that it can be cancelled.
public struct EventHandle: Hashable, Sendable {
    /// When the event is (or was) due.
    public let time: SimTime
    @usableFromInline let sequence: UInt64

    @usableFromInline init(time: SimTime, sequence: UInt64) {
        self.time = time
        self.sequence = sequence
    }
}

/// The future event list and the clock of one simulation run.
///
/// Events are ordered by (time, scheduling sequence), so events due at the same time fire in the
/// order they were scheduled (FIFO) and every run is reproducible. Storage is a ladder queue
/// (`LadderQueue`): O(1) amortised per event, where a heap costs O(log n), and flat arrays, so
/// no allocation per event once they have grown.
///
/// **Lazy cancellation.** Events fire in increasing (time, sequence) order, so a handle is still
/// pending exactly when its key is after the last fired key and it is not yet cancelled;
/// cancelled events stay in the queue and are skipped when they come first. The first event is
/// cancelled exactly when it is the earliest of the cancelled keys (they are all in the queue,
/// and the first is its minimum), so each event costs one comparison with the earliest
/// cancelled key, not a hash lookup: a fleet whose pooled failure clocks are redrawn on every
/// failure and repair always has a cancelled event pending, and hashing every fired event's
/// key took ~3% of a large fleet's run.
///
/// Events re-armed at every change of the state they depend on are better kept in timers
/// (`arm`, `disarm`; see `TimerID`), slots beside the queue that fire in the same order.
///
/// Complexity: `schedule` and `next` O(1) amortised (plus O(t) for t timers in `next`),
/// `cancel` O(log c) for c cancelled events pending, `arm` and `disarm` O(t).
public struct EventCalendar<Payload> {
    @usableFromInline var events = LadderQueue<Payload>()
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var currentTime: SimTime
    /// The key of the last event that left the calendar (fired or skipped as cancelled).
    @usableFromInline var lastPassedTime: SimTime = -.infinity
    @usableFromInline var lastPassedSequence: UInt64 = 0
    /// The sequences of cancelled events still in the queue (for `isPending`)...
    @usableFromInline var cancelled: Set<UInt64> = []
    /// ...and their keys, earliest first (for skipping them).
    @usableFromInline var cancelledKeys = Heap<CancelledKey>()
    /// Timers by number (see `TimerID`): their events' keys (time +∞ when disarmed) and
    /// payloads, kept apart so that finding the earliest scans a few numbers; and its number.
    @usableFromInline var timerTimes: [SimTime] = []
    @usableFromInline var timerSequences: [UInt64] = []
    @usableFromInline var timerPayloads: [Payload?] = []
    @usableFromInline var earliestTimer = -1
    @usableFromInline var stopRequested = false
    @usableFromInline var firedCount = 0

    /// An empty calendar whose clock reads `startTime`.
    public init(startTime: SimTime = 0, reservingCapacity capacity: Int = 0) {
        currentTime = startTime
        events.reserveCapacity(capacity)
    }

    /// The simulated time of the event being handled (or of the last one handled).
    @inlinable public var now: SimTime { currentTime }

    /// How many events have fired so far.
    @inlinable public var eventsFired: Int { firedCount }

    /// Events scheduled and neither fired nor cancelled.
    @inlinable public var pendingCount: Int {
        events.count - cancelled.count + armedTimerCount
    }

    /// Schedules `payload` to fire at `time`, which must not be in the past.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> EventHandle {
        precondition(time >= currentTime && time.isFinite,
                     "cannot schedule an event at \(time) h: the clock reads \(currentTime) h")
        let sequence = nextSequence
        nextSequence &+= 1
        events.insert(payload, at: time, sequence: sequence)
        return EventHandle(time: time, sequence: sequence)
    }

    /// Schedules `payload` to fire `delay` hours from now.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: SimTime) -> EventHandle {
        precondition(delay >= 0, "cannot schedule an event after a negative delay (\(delay) h)")
        return schedule(payload, at: currentTime + delay)
    }

    /// Whether `handle`'s event has fired already (or was skipped as cancelled).
    @inlinable func hasPassed(_ handle: EventHandle) -> Bool {
        handle.time < lastPassedTime
            || (handle.time == lastPassedTime && handle.sequence <= lastPassedSequence)
    }

    /// Whether `handle`'s event is still due to fire.
    public func isPending(_ handle: EventHandle) -> Bool {
        handle.sequence < nextSequence && !hasPassed(handle) && !cancelled.contains(handle.sequence)
    }

    /// Cancels a pending event. Returns `false` (and does nothing) when it has already fired or
    /// was cancelled before.
    @discardableResult
    public mutating func cancel(_ handle: EventHandle) -> Bool {
        guard isPending(handle) else { return false }
        cancelled.insert(handle.sequence)
        cancelledKeys.insert(CancelledKey(time: handle.time, sequence: handle.sequence))
        return true
    }

    /// The time of the next event that will fire, if any.
    public mutating func nextEventTime() -> SimTime? {
        discardCancelled()
        let timerTime = earliestTimer >= 0 ? timerTimes[earliestTimer] : .infinity
        guard let first = events.first() else { return earliestTimer >= 0 ? timerTime : nil }
        return Swift.min(first.time, timerTime)
    }

    /// Removes the next event due before `horizon`, advances the clock to its time and returns
    /// it; `nil` when no event is due before `horizon` (the clock then stays where it is).
    @inlinable
    public mutating func next(before horizon: SimTime = .infinity) -> Payload? {
        discardCancelled()
        if earliestTimer >= 0, let timer = takeTimerEvent(before: horizon) {
            currentTime = timer.time
            lastPassedTime = timer.time
            lastPassedSequence = timer.sequence
            firedCount &+= 1
            return timer.payload
        }
        guard let first = events.first(), first.time < horizon else { return nil }
        events.removeFirst()
        currentTime = first.time
        lastPassedTime = first.time
        lastPassedSequence = first.sequence
        firedCount &+= 1
        return first.payload
    }

    /// Asks `run` to return after the current event.
    public mutating func stop() { stopRequested = true }

    @inlinable
    mutating func discardCancelled() {
        while let earliest = cancelledKeys.min, let first = events.first(), first.sequence == earliest.sequence {
            cancelledKeys.removeMin()
            cancelled.remove(first.sequence)
            // Passing a cancelled key keeps `hasPassed` exact for its handle.
            lastPassedTime = first.time
            lastPassedSequence = first.sequence
            events.removeFirst()
        }
    }
}

/// The calendar's order: by time, then by scheduling sequence (which is unique). Public for the
/// candidate event lists measured against the calendar's (`EngineBenchmarks`).
@inlinable
public func eventPrecedes(_ time: SimTime, _ sequence: UInt64, _ otherTime: SimTime, _ otherSequence: UInt64) -> Bool {
    time < otherTime || (time == otherTime && sequence < otherSequence)
}

/// The key of a cancelled event, ordered as the calendar orders events.
@usableFromInline
struct CancelledKey: Comparable {
    @usableFromInline let time: SimTime
    @usableFromInline let sequence: UInt64

    @inlinable init(time: SimTime, sequence: UInt64) {
        self.time = time
        self.sequence = sequence
    }

    @inlinable static func < (lhs: Self, rhs: Self) -> Bool {
        eventPrecedes(lhs.time, lhs.sequence, rhs.time, rhs.sequence)
    }
}
