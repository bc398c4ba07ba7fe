// The 4-ary heap under `EventCalendar`. Sifts move a "hole" instead of swapping, and work on the
// array's buffer directly, so one uniqueness check covers a whole sift.
/// The calendar's order: by time, then by scheduling sequence (which is unique). Public for the
/// candidate event lists measured against the heap (`EngineBenchmarks`).
@inlinable
public func eventPrecedes(_ time: SimTime, _ sequence: UInt64, _ otherTime: SimTime, _ otherSequence: UInt64) -> Bool {
    time < otherTime || (time == otherTime && sequence < otherSequence)
}

extension EventCalendar.Entry {
    @inlinable func precedes(_ other: Self) -> Bool {
        eventPrecedes(time, sequence, other.time, other.sequence)
    }

    /// `precedes` as flags combined without short-circuiting, so that a pick made with it can
    /// compile to a conditional move instead of a branch.
    @inlinable func precedesWithoutBranching(_ other: Self) -> Bool {
        let earlier: UInt8 = time < other.time ? 1 : 0
        let tied: UInt8 = time == other.time ? 1 : 0
        let scheduledBefore: UInt8 = sequence < other.sequence ? 1 : 0
        return earlier | (tied & scheduledBefore) != 0
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

    /// Heaps up to this size (about a core's level-2 cache) pick a node's earliest child by
    /// tournament; larger ones by scanning. See `siftDownFromRoot`.
    @inlinable static var tournamentLimitInBytes: Int { 1 << 20 }

    /// Places `entry` at the root's position and restores the heap order below it.
    ///
    /// In a heap that sits in cache, a node's earliest child is found by a tournament (two pairs,
    /// then their winners) whose picks compile to conditional moves: scanning the children made
    /// each comparison a branch the processor guessed wrong about half the time, which cost most
    /// of a sift (hold model, 10^3 pending events: engine ÷ bare heap 0.82–0.88 → 0.99–1.00). In
    /// a heap that does not, the scan's guesses let the processor fetch the next level early
    /// while the tournament waits on each load (10^6 pending: 0.62–0.71 → 0.50–0.55 with the
    /// tournament), so the scan stays there.
    @inlinable
    mutating func siftDownFromRoot(_ entry: Entry) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            let tournament = count &* MemoryLayout<Entry>.stride <= Self.tournamentLimitInBytes
            var index = 0
            while true {
                let first = 4 &* index &+ 1
                if first >= count { break }
                let best: Int
                if tournament && first &+ 3 < count {
                    let left = buffer[first &+ 1].precedesWithoutBranching(buffer[first]) ? first &+ 1 : first
                    let right = buffer[first &+ 3].precedesWithoutBranching(buffer[first &+ 2]) ? first &+ 3 : first &+ 2
                    best = buffer[right].precedesWithoutBranching(buffer[left]) ? right : left
                } else {
                    var earliest = first
                    var child = first &+ 1
                    let end = Swift.min(first &+ 4, count)
                    while child < end {
                        if buffer[child].precedes(buffer[earliest]) { earliest = child }
                        child &+= 1
                    }
                    best = earliest
                }
                guard buffer[best].precedes(entry) else { break }
                buffer[index] = buffer[best]
                index = best
            }
            buffer[index] = entry
        }
    }
}
