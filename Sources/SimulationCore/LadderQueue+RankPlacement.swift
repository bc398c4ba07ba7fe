extension LadderQueue {
    /// Sorts `spilled` into the empty bottom, latest first. A bucket of up to `threshold` events
    /// (any bucket that was not split) is placed by rank: each event's index is the number of
    /// events after it, counted over the bucket's times with comparisons that do not branch, so
    /// that the loop runs on vectors (k² comparisons for k events); only an event tied with
    /// others compares sequences. An insertion sort needs fewer comparisons, but mispredicts
    /// about once per event where the keys are random, and that cost dominated.
    @inlinable
    mutating func sortSpilledIntoBottom() {
        assert(bottom.isEmpty, "a bucket is sorted only into an empty bottom")
        let count = spilled.count
        guard count <= Self.threshold else {
            spilled.sort { Self.precedes($1, $0) }
            swap(&bottom, &spilled)
            return
        }
        // The bucket becomes the bottom in list order (the arrays swap buffers, so neither is
        // copied or retained), then is rewritten in place from a copy on the stack.
        swap(&bottom, &spilled)
        withUnsafeTemporaryAllocation(of: Entry.self, capacity: count) { entries in
            withUnsafeTemporaryAllocation(of: SimTime.self, capacity: count) { times in
                bottom.withUnsafeMutableBufferPointer { target in
                    _ = entries.initialize(fromContentsOf: target)
                    for index in 0..<count { times[index] = target[index].time }
                    for entry in entries {
                        // Over the times alone, so that the loop runs on vectors.
                        var later = 0, same = 0
                        for time in times {
                            later &+= Self.bit(entry.time < time)
                            same &+= Self.bit(entry.time == time)
                        }
                        if same > 1 {  // tied with others: those of later sequence come after it
                            for other in entries {
                                later &+= Self.bit(other.time == entry.time) & Self.bit(entry.sequence < other.sequence)
                            }
                        }
                        target[later] = entry
                    }
                }
            }
            entries.deinitialize()
        }
    }

    /// 1 or 0, so that conditions are counted with `&+=` and combined with `&` rather than
    /// `&&`, which would branch.
    @inlinable static func bit(_ condition: Bool) -> Int {
        Int(unsafeBitCast(condition, to: UInt8.self))
    }
}
