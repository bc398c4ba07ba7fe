/// The time average of a piecewise-constant quantity (machines down, queue length, busy
/// technicians): ∫ value dt / elapsed time.
public struct TimeWeightedAverage: Hashable, Sendable {
    // Stored apart from its public name so that the updates, called on every event, can be
    // `@inlinable` (inlined into models in other modules).
    @usableFromInline var current: Double
    @usableFromInline var lastChange: Double
    @usableFromInline var start: Double
    @usableFromInline var integral: Double = 0

    public var value: Double { current }

    /// Starts observing `value` at time `start`.
    public init(value: Double = 0, at start: Double = 0) {
        current = value
        self.lastChange = start
        self.start = start
    }

    /// The quantity changes to `newValue` at `time` (not before the previous change).
    @inlinable public mutating func update(to newValue: Double, at time: Double) {
        integral += current * (time - lastChange)
        lastChange = time
        current = newValue
    }

    /// Adds `delta` to the quantity at `time`.
    @inlinable public mutating func add(_ delta: Double, at time: Double) {
        update(to: current + delta, at: time)
    }

    /// Forgets the history and starts averaging afresh at `time`, keeping the current value
    /// (the end of a warm-up period).
    public mutating func restart(at time: Double) {
        integral = 0
        lastChange = time
        start = time
    }

    /// The average from the start (or last restart) until `time`.
    public func average(until time: Double) -> Double {
        let elapsed = time - start
        guard elapsed > 0 else { return value }
        return (integral + value * (time - lastChange)) / elapsed
    }
}
