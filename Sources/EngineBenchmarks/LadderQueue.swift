import SimulationCore

/// A candidate for the pending-event list, measured against the 4-ary heap by `fleetsim bench`
/// (README.md, Performance, has the figures):
/// a ladder queue (W. T. Tang, R. S. M. Goh, I. L.-J. Thng, "Ladder queue: an O(1) priority
/// queue structure for large-scale discrete event simulation", ACM TOMACS 15(3), 2005).
///
/// Three tiers. *Top*: an unsorted list of the events beyond `topStart`. *Ladder*: rungs of
/// buckets, each rung splitting one bucket of the rung above (the first splits the whole top);
/// an event goes to the lowest-numbered rung whose unconsumed buckets cover its time. *Bottom*:
/// the few earliest events, sorted. Taking the earliest sorts one small bucket into the bottom
/// when it is empty, and splits a bucket of more than `threshold` events into a new rung
/// instead, so that no sort is ever large: O(1) amortised per event whatever the spread of the
/// times, where a calendar queue's fixed width suffers with bimodal or heavy-tailed increments.
///
/// Order is exact, (time, sequence): a bucket's index is a monotone function of time, so an
/// earlier bucket never holds a later event, and ties fall in the same bucket and are sorted
/// by sequence in the bottom.
public struct LadderQueue<Payload> {
    @usableFromInline typealias Entry = (time: SimTime, sequence: UInt64, payload: Payload)

    @inlinable static func precedes(_ entry: Entry, _ other: Entry) -> Bool {
        eventPrecedes(entry.time, entry.sequence, other.time, other.sequence)
    }

    @usableFromInline
    struct Rung {
        @usableFromInline var start: SimTime = 0
        @usableFromInline var inverseWidth: SimTime = 1
        /// Buckets before this one are consumed (sorted into the bottom or split into a rung).
        @usableFromInline var current = 0
        @usableFromInline var bucketCount = 0
        @usableFromInline var buckets: [[Entry]] = []

        /// The bucket of `time`: monotone in time, clamped to the rung.
        @inlinable func bucket(of time: SimTime) -> Int {
            let position = (time - start) * inverseWidth
            guard position > 0 else { return 0 }
            return position >= Double(bucketCount - 1) ? bucketCount - 1 : Int(position)
        }
    }

    /// Events per bucket above which a bucket is split into a new rung rather than sorted.
    @usableFromInline static var threshold: Int { 50 }
    @usableFromInline static var maximumRungs: Int { 8 }

    @usableFromInline var top: [Entry] = []
    @usableFromInline var topStart: SimTime = -.infinity
    @usableFromInline var topMaximum: SimTime = -.infinity
    /// Rungs in use are `rungs[0..<rungCount]`; those beyond keep their buckets' storage.
    @usableFromInline var rungs: [Rung] = []
    @usableFromInline var rungCount = 0
    /// Sorted latest first, so that the earliest is the last.
    @usableFromInline var bottom: [Entry] = []
    @usableFromInline var storedCount = 0

    public init() {}

    public var count: Int { storedCount }

    /// Adds an event.
    @inlinable
    public mutating func insert(_ payload: Payload, at time: SimTime, sequence: UInt64) {
        let entry: Entry = (time, sequence, payload)
        storedCount += 1
        if time >= topStart {
            top.append(entry)
            topMaximum = Swift.max(topMaximum, time)
            return
        }
        for index in 0..<rungCount {
            let bucket = rungs[index].bucket(of: time)
            if bucket >= rungs[index].current {
                rungs[index].buckets[bucket].append(entry)
                return
            }
        }
        insertIntoBottom(entry)
    }

    @inlinable
    mutating func insertIntoBottom(_ entry: Entry) {
        // Latest first: the new entry goes after every later one and before every earlier one.
        var low = 0, high = bottom.count
        while low < high {
            let middle = (low + high) >> 1
            if Self.precedes(entry, bottom[middle]) { low = middle + 1 } else { high = middle }
        }
        bottom.insert(entry, at: low)
    }

    /// The earliest event, if any.
    @inlinable
    public mutating func first() -> (time: SimTime, sequence: UInt64, payload: Payload)? {
        if bottom.isEmpty { refillBottom() }
        guard let entry = bottom.last else { return nil }
        return entry
    }

    /// Removes the earliest event (which `first()` returned).
    @inlinable
    public mutating func removeFirst() {
        if bottom.isEmpty { refillBottom() }
        bottom.removeLast()
        storedCount -= 1
    }

    /// Moves the next bucket of the ladder (or the top, through a new first rung) into the
    /// bottom, splitting crowded buckets into rungs on the way.
    @usableFromInline
    mutating func refillBottom() {
        while bottom.isEmpty {
            if rungCount == 0 {
                guard !top.isEmpty else { return }
                spreadTop()
                continue
            }
            let last = rungCount - 1
            var current = rungs[last].current
            while current < rungs[last].bucketCount && rungs[last].buckets[current].isEmpty { current += 1 }
            guard current < rungs[last].bucketCount else {
                rungCount -= 1  // exhausted; `openRung` resets it for reuse
                continue
            }
            rungs[last].current = current + 1
            var bucket: [Entry] = []
            swap(&bucket, &rungs[last].buckets[current])
            if !(bucket.count > Self.threshold && rungCount < Self.maximumRungs && openRung(spreading: bucket)) {
                bucket.sort { Self.precedes($1, $0) }
                bottom.append(contentsOf: bucket)
            }
            bucket.removeAll(keepingCapacity: true)
            swap(&bucket, &rungs[last].buckets[current])
        }
    }

    /// Makes the whole top the first rung (or, all at one time, the bottom, by sequence).
    @usableFromInline
    mutating func spreadTop() {
        if !openRung(spreading: top) {
            top.sort { Self.precedes($1, $0) }
            bottom.append(contentsOf: top)
        }
        topStart = topMaximum
        top.removeAll(keepingCapacity: true)
        topMaximum = -.infinity
    }

    /// Opens a rung below the others with as many buckets as `entries`, over their span, and
    /// spreads them over it; false (nothing moved) when they are all at one time.
    @usableFromInline
    mutating func openRung(spreading entries: [Entry]) -> Bool {
        var minimum = SimTime.infinity, maximum = -SimTime.infinity
        for entry in entries {
            minimum = Swift.min(minimum, entry.time)
            maximum = Swift.max(maximum, entry.time)
        }
        guard maximum > minimum, (maximum - minimum).isFinite else { return false }
        if rungCount == rungs.count { rungs.append(Rung()) }
        let index = rungCount
        rungCount += 1
        rungs[index].start = minimum
        rungs[index].inverseWidth = Double(entries.count) / (maximum - minimum)
        rungs[index].current = 0
        rungs[index].bucketCount = entries.count
        while rungs[index].buckets.count < entries.count { rungs[index].buckets.append([]) }
        for entry in entries { rungs[index].buckets[rungs[index].bucket(of: entry.time)].append(entry) }
        return true
    }
}
