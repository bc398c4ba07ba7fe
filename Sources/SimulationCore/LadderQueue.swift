/// The pending-event list under `EventCalendar`: a ladder queue (W. T. Tang, R. S. M. Goh,
/// I. L.-J. Thng, "Ladder queue: an O(1) priority queue structure for large-scale discrete event
/// simulation", ACM TOMACS 15(3), 2005), chosen over the 4-ary heap by measurement (`fleetsim
/// bench`; README.md, Performance, has the figures).
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
///
/// Storage is flat: a bucket is two lists linked through one pool of nodes (freed nodes are
/// reused first, so they are usually still in cache; two lists so that taking a bucket waits on
/// two cache misses at once), and the rungs' bucket heads are slices of one array used as a
/// stack, since rungs open and close last-in first-out. A first version kept an array per
/// bucket: at a million pending events each bucket was an allocation of its own, and the queue
/// ran at 0.60 of the heap's speed.
public struct LadderQueue<Payload> {
    @usableFromInline typealias Entry = (time: SimTime, sequence: UInt64, payload: Payload)

    @inlinable static func precedes(_ entry: Entry, _ other: Entry) -> Bool {
        eventPrecedes(entry.time, entry.sequence, other.time, other.sequence)
    }

    /// An event in a bucket, and the index of the next node of its list (or of the free list).
    @usableFromInline
    struct Node {
        @usableFromInline var entry: Entry
        @usableFromInline var next: Int32

        @inlinable init(entry: Entry, next: Int32) {
            self.entry = entry
            self.next = next
        }
    }

    @usableFromInline
    struct Rung {
        @usableFromInline var start: SimTime
        @usableFromInline var inverseWidth: SimTime
        /// Where this rung's bucket heads begin in `heads` (two per bucket).
        @usableFromInline var firstHead: Int
        /// Buckets before this one are consumed (sorted into the bottom or split into a rung).
        @usableFromInline var current = 0
        @usableFromInline var bucketCount: Int

        @inlinable init(start: SimTime, inverseWidth: SimTime, firstHead: Int, bucketCount: Int) {
            self.start = start
            self.inverseWidth = inverseWidth
            self.firstHead = firstHead
            self.bucketCount = bucketCount
        }

        /// Where `bucket`'s two lists start in `heads`.
        @inlinable func lists(of bucket: Int) -> Int { firstHead + 2 &* bucket }

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
    @usableFromInline static var none: Int32 { -1 }

    /// Where the list of the event of `sequence` in `bucket` of `rung` starts in `heads`: each
    /// bucket is two lists, by the parity of the sequence (see `unlinkBucket`).
    @inlinable static func head(of sequence: UInt64, bucket: Int, in rung: Rung) -> Int {
        rung.lists(of: bucket) + Int(truncatingIfNeeded: sequence & 1)
    }

    @usableFromInline var top: [Entry] = []
    @usableFromInline var topStart: SimTime = -.infinity
    @usableFromInline var topMaximum: SimTime = -.infinity
    @usableFromInline var rungs: [Rung] = []
    @usableFromInline var rungCount = 0
    /// The first node of each list of the open rungs' buckets (two per bucket), rung after rung.
    @usableFromInline var heads: [Int32] = []
    @usableFromInline var pool: [Node] = []
    @usableFromInline var firstFree: Int32 = -1
    /// Sorted latest first, so that the earliest is the last.
    @usableFromInline var bottom: [Entry] = []
    /// A bucket on its way to the bottom or to a new rung.
    @usableFromInline var spilled: [Entry] = []
    @usableFromInline var storedCount = 0

    public init() {}

    /// Room for `capacity` events in buckets before the pool grows.
    public mutating func reserveCapacity(_ capacity: Int) {
        pool.reserveCapacity(capacity)
        top.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { storedCount }

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
            let rung = rungs[index]
            let bucket = rung.bucket(of: time)
            if bucket >= rung.current {
                link(entry, into: Self.head(of: sequence, bucket: bucket, in: rung))
                return
            }
        }
        insertIntoBottom(entry)
        if bottom.count > Self.threshold && rungCount < Self.maximumRungs && bottom[0].time != bottom[bottom.count - 1].time {
            spreadBottom()
        }
    }

    /// Makes a bottom grown past `threshold` by events arriving below the ladder a rung of its
    /// own, the lowest, so that each insertion stays cheap (Tang, Goh & Thng's bottom overflow).
    /// Its events come before every unconsumed bucket above, so the rung stack's order holds.
    @inlinable
    mutating func spreadBottom() {
        if openRung(spreading: bottom) {
            bottom.removeAll(keepingCapacity: true)
        }
    }

    @inlinable
    mutating func link(_ entry: Entry, into head: Int) {
        let node = Node(entry: entry, next: heads[head])
        if firstFree == Self.none {
            heads[head] = Int32(truncatingIfNeeded: pool.count)
            pool.append(node)
        } else {
            let index = Int(firstFree)
            heads[head] = firstFree
            firstFree = pool[index].next
            pool[index] = node
        }
    }

    @inlinable
    mutating func insertIntoBottom(_ entry: Entry) {
        // Latest first: the new entry goes after every later one and before every earlier one.
        // One insertion-sort step from the earliest end, in place (`Array.insert` went through
        // an unspecialised `replaceSubrange`: 2.8% of the machine-repair model).
        bottom.append(entry)
        bottom.withUnsafeMutableBufferPointer { bottom in
            var index = bottom.count - 1
            while index > 0 && Self.precedes(bottom[index - 1], entry) {
                bottom[index] = bottom[index - 1]
                index -= 1
            }
            bottom[index] = entry
        }
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
    @inlinable
    mutating func refillBottom() {
        while bottom.isEmpty {
            if rungCount == 0 {
                guard !top.isEmpty else { return }
                spreadTop()
                continue
            }
            let last = rungCount - 1
            let rung = rungs[last]
            var current = rung.current
            while current < rung.bucketCount && heads[rung.lists(of: current)] == Self.none
                    && heads[rung.lists(of: current) + 1] == Self.none { current += 1 }
            guard current < rung.bucketCount else {
                rungCount -= 1
                heads.removeLast(heads.count - rung.firstHead)
                continue
            }
            rungs[last].current = current + 1
            unlinkBucket(rung.lists(of: current))
            if !(spilled.count > Self.threshold && rungCount < Self.maximumRungs && openRung(spreading: spilled)) {
                sortSpilledIntoBottom()
            }
        }
    }

    /// Moves the bucket whose two lists start at `head` into `spilled`, returning its nodes to the
    /// free list. The lists are walked together, so that two cache misses are in flight at once:
    /// where the pool outgrows the cache, each node of a single list is a miss that waits for the
    /// one before it (README.md, Performance, has the figures). A loop over any number of lists
    /// cost more than it saved; four lists gained nothing over two.
    @inlinable
    mutating func unlinkBucket(_ head: Int) {
        spilled.removeAll(keepingCapacity: true)
        var node = heads[head], other = heads[head + 1]
        heads[head] = Self.none
        heads[head + 1] = Self.none
        while node != Self.none && other != Self.none {
            let index = Int(node), otherIndex = Int(other)
            let next = pool[index].next, otherNext = pool[otherIndex].next
            spilled.append(pool[index].entry)
            spilled.append(pool[otherIndex].entry)
            pool[index].next = other
            pool[otherIndex].next = firstFree
            firstFree = node
            node = next
            other = otherNext
        }
        if node == Self.none { node = other }
        while node != Self.none {
            let index = Int(node)
            spilled.append(pool[index].entry)
            let next = pool[index].next
            pool[index].next = firstFree
            firstFree = node
            node = next
        }
    }

    /// Makes the whole top the first rung (or, all at one time, the bottom, by sequence).
    @inlinable
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
    @inlinable
    mutating func openRung(spreading entries: [Entry]) -> Bool {
        var minimum = SimTime.infinity, maximum = -SimTime.infinity
        for entry in entries {
            minimum = Swift.min(minimum, entry.time)
            maximum = Swift.max(maximum, entry.time)
        }
        guard maximum > minimum, (maximum - minimum).isFinite else { return false }
        let rung = Rung(start: minimum, inverseWidth: Double(entries.count) / (maximum - minimum),
                        firstHead: heads.count, bucketCount: entries.count)
        if rungCount == rungs.count { rungs.append(rung) } else { rungs[rungCount] = rung }
        rungCount += 1
        heads.append(contentsOf: repeatElement(Self.none, count: 2 &* entries.count))
        for entry in entries {
            link(entry, into: Self.head(of: entry.sequence, bucket: rung.bucket(of: entry.time), in: rung))
        }
        return true
    }
}
