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
/// order they were scheduled (FIFO) and every run is reproducible. Storage is an implicit 4-ary
/// min-heap (shallower than a binary heap, so fewer cache misses per sift) over one contiguous
/// array of value-type entries: no allocation per event once the array has grown.
///
/// Two measured tricks keep the hot path lean:
/// - **Deferred removal.** `next()` leaves the fired event at the root; if the handler schedules
///   an event, it replaces the root with one sift-down instead of a pop plus a push.
/// - **Lazy cancellation.** Events fire in increasing (time, sequence) order, so a handle is still
///   pending exactly when its key is after the last fired key and it is not yet cancelled;
///   cancelled events stay in the heap and are skipped when they reach the root. The root is
///   cancelled exactly when it is the earliest of the cancelled keys (they are all in the heap,
///   and the root is its minimum), so each event costs one comparison with the earliest
///   cancelled key, not a hash lookup: a fleet whose pooled failure clocks are redrawn on every
///   failure and repair always has a cancelled event pending, and hashing every fired event's
///   key took ~3% of a large fleet's run.
///
/// Events re-armed at every change of the state they depend on are better kept in timers
/// (`arm`, `disarm`; see `TimerID`), slots beside the heap that fire in the same order.
///
/// Complexity: `schedule` O(log₄ n), `next` O(log₄ n + t) amortised, `cancel` O(log c) for c
/// cancelled events pending, `arm` and `disarm` O(t), for t timers.
public struct EventCalendar<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: SimTime
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable init(time: SimTime, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var currentTime: SimTime
    /// The root of `heap` is the event `next()` last returned, not yet removed.
    @usableFromInline var rootHasFired = false
    /// The key of the last event that left the calendar (fired or skipped as cancelled).
    @usableFromInline var lastPassedTime: SimTime = -.infinity
    @usableFromInline var lastPassedSequence: UInt64 = 0
    /// The sequences of cancelled events still in the heap (for `isPending`)...
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
        heap.reserveCapacity(capacity)
    }

    /// The simulated time of the event being handled (or of the last one handled).
    @inlinable public var now: SimTime { currentTime }

    /// How many events have fired so far.
    @inlinable public var eventsFired: Int { firedCount }

    /// Events scheduled and neither fired nor cancelled.
    @inlinable public var pendingCount: Int {
        heap.count - (rootHasFired ? 1 : 0) - cancelled.count + armedTimerCount
    }

    /// Schedules `payload` to fire at `time`, which must not be in the past.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> EventHandle {
        precondition(time >= currentTime && time.isFinite,
                     "cannot schedule an event at \(time) h: the clock reads \(currentTime) h")
        let sequence = nextSequence
        nextSequence &+= 1
        let entry = Entry(time: time, sequence: sequence, payload: payload)
        if rootHasFired {
            rootHasFired = false
            replaceRoot(with: entry)
        } else {
            push(entry)
        }
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
        discardFiredRootAndCancelled()
        let timerTime = earliestTimer >= 0 ? timerTimes[earliestTimer] : .infinity
        guard let root = heap.first else { return earliestTimer >= 0 ? timerTime : nil }
        return Swift.min(root.time, timerTime)
    }

    /// Removes the next event due before `horizon`, advances the clock to its time and returns
    /// it; `nil` when no event is due before `horizon` (the clock then stays where it is).
    @inlinable
    public mutating func next(before horizon: SimTime = .infinity) -> Payload? {
        discardFiredRootAndCancelled()
        if earliestTimer >= 0, let timer = takeTimerEvent(before: horizon) {
            currentTime = timer.time
            lastPassedTime = timer.time
            lastPassedSequence = timer.sequence
            firedCount &+= 1
            return timer.payload
        }
        guard let root = heap.first, root.time < horizon else { return nil }
        currentTime = root.time
        lastPassedTime = root.time
        lastPassedSequence = root.sequence
        rootHasFired = true
        firedCount &+= 1
        return root.payload
    }

    /// Asks `run` to return after the current event.
    public mutating func stop() { stopRequested = true }

    @inlinable
    mutating func discardFiredRootAndCancelled() {
        if rootHasFired {
            rootHasFired = false
            removeRoot()
        }
        while let earliest = cancelledKeys.min, let root = heap.first, root.sequence == earliest.sequence {
            cancelledKeys.removeMin()
            cancelled.remove(root.sequence)
            // Passing a cancelled key keeps `hasPassed` exact for its handle.
            lastPassedTime = root.time
            lastPassedSequence = root.sequence
            removeRoot()
        }
    }
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
