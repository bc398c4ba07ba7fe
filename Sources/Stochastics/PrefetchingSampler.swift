/// Draws from one distribution on a stream of its own, keeping the next draw ready.
///
/// An exponential draw is a chain of about sixty cycles (the generator, then `log1p`), and an
/// event's time depends on it: drawn on demand, the event list waits for it. Handing out the
/// draw made on the previous call lets the next one run while the caller schedules with this
/// one. The values handed out are the stream's draws in order, exactly those of drawing on
/// demand, because the sampler creates its stream and nothing else can draw from it; one draw
/// is made and never used.
///
/// A value type, so that the draw ahead is a register or the model's own memory, not a load
/// through a reference (as a class, it lost the whole gain). Like a model's `RandomStream`, its
/// stream is shared by copies; a copy also repeats the draw held ahead, so draw from one copy.
public struct PrefetchingSampler {
    public let distribution: Distribution
    /// Never handed out: another draw from the stream would shift every later value.
    @usableFromInline let stream: RandomStream
    @usableFromInline var next: Double

    /// A sampler of `distribution` on the stream named `name` in `replication` of a run seeded
    /// with `masterSeed` (the same stream `RandomStream(masterSeed:name:replication:)` gives).
    public init(_ distribution: Distribution, masterSeed: UInt64, streamName name: String, replication: Int = 0) {
        self.distribution = distribution
        stream = RandomStream(masterSeed: masterSeed, name: name, replication: replication)
        next = distribution.sample(using: stream)
    }

    /// The stream's next value of the distribution.
    @inlinable public mutating func draw() -> Double {
        let value = next
        next = distribution.sample(using: stream)
        return value
    }
}
