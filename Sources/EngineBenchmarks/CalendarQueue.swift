import SimulationCore

/// A candidate for the pending-event list, measured against the 4-ary heap by `fleetsim bench`
/// (README.md, Performance, has the figures): a calendar queue (R. Brown, "Calendar queues", CACM
/// 31(10), 1988). Pending events sit in buckets ("days") of width w — an event at time t in day
/// ⌊t/w⌋, bucket day mod nb — so taking the earliest and adding one cost O(1) on average when
/// a day holds a few events, against O(log n) for a heap.
///
/// Order is exact: each bucket is a list sorted by (time, sequence) and every event remembers
/// its day, so an event of a later "year" sharing the bucket is never taken early. Storage is
/// flat — one pool of entries with `next` links and a free list, one array of bucket heads — so
/// that nothing is allocated or reference-counted per event. Buckets double above two events per
/// bucket and halve below one per two; the width is then three times the mean gap between
/// recently taken events (or, before enough, the spacing of the earliest pending ones), and is re-fitted
/// at the same size when days turn out crowded (long lists) or empty (a whole year scanned).
public struct CalendarQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: SimTime
        @usableFromInline var sequence: UInt64
        @usableFromInline var day: Int
        @usableFromInline var next: Int32
        @usableFromInline var payload: Payload

        @inlinable init(time: SimTime, sequence: UInt64, day: Int, next: Int32, payload: Payload) {
            (self.time, self.sequence, self.day, self.next, self.payload) = (time, sequence, day, next, payload)
        }

        @inlinable func precedes(_ other: Entry) -> Bool {
            eventPrecedes(time, sequence, other.time, other.sequence)
        }
    }

    @usableFromInline static var none: Int32 { -1 }
    @usableFromInline var pool: [Entry] = []
    @usableFromInline var free: Int32 = -1
    /// The first (earliest) entry of each bucket's list.
    @usableFromInline var heads: [Int32]
    @usableFromInline var mask: Int
    @usableFromInline var inverseWidth: SimTime = 1
    /// No pending event is in an earlier day.
    @usableFromInline var currentDay = 0
    @usableFromInline var storedCount = 0
    @usableFromInline var gapSum: SimTime = 0
    @usableFromInline var gapCount = 0
    @usableFromInline var lastTaken: SimTime = 0
    @usableFromInline var crowdedInserts = 0
    @usableFromInline var emptyYears = 0

    public init() {
        heads = [Self.none, Self.none]
        mask = 1
    }

    public var count: Int { storedCount }

    /// ⌊time / width⌋ for time ≥ 0 (capped far beyond any horizon, so that it cannot overflow).
    @inlinable func day(of time: SimTime) -> Int { Int(Swift.min(time * inverseWidth, 0x1p62)) }

    /// Adds an event; `time` ≥ 0.
    @inlinable
    public mutating func insert(_ payload: Payload, at time: SimTime, sequence: UInt64) {
        let day = day(of: time)
        if day < currentDay { currentDay = day }
        let entry = Entry(time: time, sequence: sequence, day: day, next: Self.none, payload: payload)
        let slot: Int32
        if free != Self.none {
            slot = free
            free = pool[Int(slot)].next
            pool[Int(slot)] = entry
        } else {
            slot = Int32(pool.count)
            pool.append(entry)
        }
        let length = link(slot, bucket: day & mask)
        storedCount &+= 1
        if storedCount > 2 &* heads.count {
            resize(buckets: heads.count &* 2)
        } else if length >= 24 {
            crowdedInserts &+= 1
            if crowdedInserts > Swift.max(64, heads.count >> 4) { resize(buckets: heads.count) }
        }
    }

    /// Links `slot` into its place in `bucket`'s sorted list; returns how many entries it passed.
    @inlinable
    mutating func link(_ slot: Int32, bucket: Int) -> Int {
        let entry = pool[Int(slot)]
        var previous = Self.none, current = heads[bucket], passed = 0
        while current != Self.none && pool[Int(current)].precedes(entry) {
            previous = current
            current = pool[Int(current)].next
            passed &+= 1
        }
        pool[Int(slot)].next = current
        if previous == Self.none { heads[bucket] = slot } else { pool[Int(previous)].next = slot }
        return passed
    }

    /// The earliest event's time, sequence and payload, if any.
    @inlinable
    public mutating func first() -> (time: SimTime, sequence: UInt64, payload: Payload)? {
        guard storedCount > 0 else { return nil }
        let entry = pool[Int(heads[findCurrentDay() & mask])]
        return (entry.time, entry.sequence, entry.payload)
    }

    /// Removes the earliest event.
    @inlinable
    public mutating func removeFirst() {
        precondition(storedCount > 0, "removeFirst on an empty calendar queue")
        let bucket = findCurrentDay() & mask
        let slot = heads[bucket]
        heads[bucket] = pool[Int(slot)].next
        pool[Int(slot)].next = free
        free = slot
        storedCount &-= 1
        let time = pool[Int(slot)].time
        gapSum += time - lastTaken
        gapCount &+= 1
        lastTaken = time
        if storedCount < heads.count >> 1 && heads.count > 2 { resize(buckets: heads.count >> 1) }
    }

    /// Moves `currentDay` to the earliest event's day and returns it.
    @inlinable
    mutating func findCurrentDay() -> Int {
        for _ in 0..<heads.count {
            let head = heads[currentDay & mask]
            if head != Self.none && pool[Int(head)].day == currentDay { return currentDay }
            currentDay &+= 1
        }
        // A whole year without an event: jump to the earliest day directly.
        emptyYears &+= 1
        var earliest = Int.max
        for head in heads where head != Self.none && pool[Int(head)].day < earliest { earliest = pool[Int(head)].day }
        currentDay = earliest
        if emptyYears > 8 { resize(buckets: heads.count) }
        return currentDay
    }

    /// Re-links every event into `count` buckets with a width fitted to the events' spacing.
    @usableFromInline
    mutating func resize(buckets count: Int) {
        var slots: [Int32] = []
        slots.reserveCapacity(storedCount)
        for head in heads {
            var slot = head
            while slot != Self.none {
                slots.append(slot)
                slot = pool[Int(slot)].next
            }
        }
        // Latest first, so that each is linked at its list's head, and the earliest are at the end.
        slots.sort { pool[Int($1)].precedes(pool[Int($0)]) }
        var separation: SimTime = 0
        if gapCount >= 16 && gapSum > 0 {
            separation = gapSum / SimTime(gapCount)
        } else if slots.count > 1 {
            // Brown's sample: the spacing of the earliest events, where the queue is worked.
            let front = Swift.min(slots.count - 1, 64)
            separation = (pool[Int(slots[slots.count - 1 - front])].time - pool[Int(slots[slots.count - 1])].time) / SimTime(front)
        }
        if separation > 0 { inverseWidth = 1 / (3 * separation) }
        heads = Array(repeating: Self.none, count: count)
        mask = count - 1
        for slot in slots {
            let day = day(of: pool[Int(slot)].time)
            pool[Int(slot)].day = day
            pool[Int(slot)].next = heads[day & mask]
            heads[day & mask] = slot
        }
        currentDay = slots.last.map { pool[Int($0)].day } ?? day(of: lastTaken)
        gapSum = 0
        gapCount = 0
        crowdedInserts = 0
        emptyYears = 0
    }
}
