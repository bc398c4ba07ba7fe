/// A timer of an `EventCalendar`: a slot for one pending event that the model re-arms often,
/// numbered by the model from 0.
///
/// A clock that is redrawn whenever the state changes (the fleet's pooled failure clock, redrawn
/// at every failure and repair of its class) would otherwise cancel its pending event, leaving
/// it in the queue to be skipped later, and schedule a new one, at every change. A timer keeps
/// its event beside the queue instead: re-arming it is a write to its slot. It takes a sequence
/// number from the same counter as `schedule`, and fires in the same (time, sequence) order
/// as scheduled events, so replacing a cancel-and-schedule by `arm` changes no run.
public struct TimerID: Hashable, Sendable {
    public let index: Int

    public init(_ index: Int) {
        precondition(index >= 0, "timers are numbered from 0")
        self.index = index
    }
}

extension EventCalendar {
    /// Arms `timer` to fire `payload` at `time`, replacing the event it had pending, if any.
    @inlinable
    public mutating func arm(_ timer: TimerID, _ payload: Payload, at time: SimTime) {
        precondition(time >= currentTime && time.isFinite,
                     "cannot arm a timer at \(time) h: the clock reads \(currentTime) h")
        while timerTimes.count <= timer.index {
            timerTimes.append(.infinity)
            timerSequences.append(0)
            timerPayloads.append(nil)
        }
        timerTimes[timer.index] = time
        timerSequences[timer.index] = nextSequence
        nextSequence &+= 1
        timerPayloads[timer.index] = payload
        findEarliestTimer()
    }

    /// Arms `timer` to fire `payload` `delay` hours from now.
    @inlinable
    public mutating func arm(_ timer: TimerID, _ payload: Payload, after delay: SimTime) {
        precondition(delay >= 0, "cannot arm a timer after a negative delay (\(delay) h)")
        arm(timer, payload, at: currentTime + delay)
    }

    /// Drops `timer`'s pending event, if any.
    @inlinable
    public mutating func disarm(_ timer: TimerID) {
        guard isArmed(timer) else { return }
        clearTimer(timer.index)
    }

    /// Whether `timer` has an event pending.
    @inlinable
    public func isArmed(_ timer: TimerID) -> Bool {
        timer.index < timerTimes.count && timerTimes[timer.index] != .infinity
    }

    /// The number of armed timers.
    @usableFromInline var armedTimerCount: Int { timerTimes.reduce(0) { $0 + ($1 == .infinity ? 0 : 1) } }

    @inlinable
    mutating func clearTimer(_ index: Int) {
        timerTimes[index] = .infinity
        timerPayloads[index] = nil
        findEarliestTimer()
    }

    /// Points `earliestTimer` at the armed timer whose event comes first (−1 when none is): a
    /// scan of the timers' keys alone, a handful of numbers.
    @inlinable
    mutating func findEarliestTimer() {
        var earliest = -1
        for index in timerTimes.indices where timerTimes[index] != .infinity {
            if earliest < 0 || eventPrecedes(timerTimes[index], timerSequences[index], timerTimes[earliest], timerSequences[earliest]) {
                earliest = index
            }
        }
        earliestTimer = earliest
    }

    /// Takes the earliest timer's event, if it comes before every scheduled one (the queue's
    /// first, already cleared of cancelled entries) and before `horizon`.
    @inlinable
    mutating func takeTimerEvent(before horizon: SimTime) -> (time: SimTime, sequence: UInt64, payload: Payload)? {
        let index = earliestTimer
        let time = timerTimes[index], sequence = timerSequences[index]
        guard time < horizon else { return nil }
        if let first = events.first(), eventPrecedes(first.time, first.sequence, time, sequence) { return nil }
        let payload = timerPayloads[index]!
        clearTimer(index)
        return (time, sequence, payload)
    }
}
