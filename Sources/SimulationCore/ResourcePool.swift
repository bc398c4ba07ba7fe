import DequeModule

/// `capacity` identical servers (technicians, repair bays, spare slots) shared first come, first
/// served, like SimPy's `Resource`. Requests that find every server busy wait in a FIFO queue.
///
/// The pool only does the bookkeeping; the model decides what a request is and schedules the work.
/// Its operations are `@inlinable`, so that a model in another module gets them specialised for
/// its request type: unspecialised, every call looked up the type's metadata at run time (16% of
/// the machine-repair model's time, measured with perf).
public struct ResourcePool<Request> {
    public let capacity: Int
    /// Servers at work.
    @inlinable public var busy: Int { busyServers }
    @usableFromInline var busyServers = 0
    @usableFromInline var waiting = Deque<Request>()

    public init(capacity: Int) {
        precondition(capacity >= 0, "a resource pool needs a non-negative capacity, got \(capacity)")
        self.capacity = capacity
    }

    /// Requests waiting for a server.
    @inlinable public var queueLength: Int { waiting.count }

    /// Takes a server for `request` if one is free (returns `true`); otherwise queues it.
    @inlinable public mutating func request(_ request: Request) -> Bool {
        if busyServers < capacity {
            busyServers += 1
            return true
        }
        waiting.append(request)
        return false
    }

    /// Frees a server. If a request is waiting, the server passes straight to it and that
    /// request is returned: the caller starts its work now.
    @inlinable public mutating func release() -> Request? {
        precondition(busyServers > 0, "released a server of a pool with none busy")
        if let next = waiting.popFirst() { return next }
        busyServers -= 1
        return nil
    }
}
