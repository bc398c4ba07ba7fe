// The 4-ary heap under `EventCalendar`. Sifts move a "hole" instead of swapping, and work on the
// array's buffer directly, so one uniqueness check covers a whole sift.
/// The calendar's order: by time, then by scheduling sequence (which is unique).
@inlinable
func eventPrecedes(_ time: SimTime, _ sequence: UInt64, _ otherTime: SimTime, _ otherSequence: UInt64) -> Bool {
    time < otherTime || (time == otherTime && sequence < otherSequence)
}

extension EventCalendar.Entry {
    @inlinable func precedes(_ other: Self) -> Bool {
        eventPrecedes(time, sequence, other.time, other.sequence)
    }
}

extension EventCalendar {
    @inlinable
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { buffer in
            var index = buffer.count - 1
            while index > 0 {
                let parent = (index - 1) >> 2
                guard entry.precedes(buffer[parent]) else { break }
                buffer[index] = buffer[parent]
                index = parent
            }
            buffer[index] = entry
        }
    }

    @inlinable
    mutating func removeRoot() {
        let last = heap.removeLast()
        if !heap.isEmpty { siftDownFromRoot(last) }
    }

    @inlinable
    mutating func replaceRoot(with entry: Entry) {
        siftDownFromRoot(entry)
    }

    /// Places `entry` at the root's position and restores the heap order below it.
    @inlinable
    mutating func siftDownFromRoot(_ entry: Entry) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while true {
                let first = 4 &* index &+ 1
                if first >= count { break }
                var best = first
                var child = first &+ 1
                let end = Swift.min(first &+ 4, count)
                while child < end {
                    if buffer[child].precedes(buffer[best]) { best = child }
                    child &+= 1
                }
                guard buffer[best].precedes(entry) else { break }
                buffer[index] = buffer[best]
                index = best
            }
            buffer[index] = entry
        }
    }
}
