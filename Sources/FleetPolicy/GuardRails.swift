/// Limits that keep automation from making an incident worse: cordons per rack and site,
/// concurrent drains, a rate limit, and a circuit breaker that stops automation when too many of
/// its actions fail at once. Human actions (tickets, pages) are never limited.
public struct GuardRailLimits: Hashable, Sendable {
    public var maxCordonedPerRack: Int?
    public var maxCordonedPerSite: Int?
    public var maxConcurrentDrains: Int?
    /// Automated actions per hour, fleet-wide.
    public var maxActionsPerHour: Int?
    public var circuitBreaker: CircuitBreaker?
    /// Actions allowed, but only once an operator approves them (`nil`: none wait).
    public var approval: Approval?

    /// A softer limit than the maximums: beyond it, actions wait for a person's approval.
    public struct Approval: Hashable, Sendable {
        /// A cordon that would leave more nodes cordoned than this in one rack (or site) waits.
        public var beyondCordonedPerRack: Int?
        public var beyondCordonedPerSite: Int?
        /// Actions that always wait (a reimage, say).
        public var actions: Set<ActionKind>

        public init(beyondCordonedPerRack: Int? = nil, beyondCordonedPerSite: Int? = nil, actions: Set<ActionKind> = []) {
            self.beyondCordonedPerRack = beyondCordonedPerRack
            self.beyondCordonedPerSite = beyondCordonedPerSite
            self.actions = actions
        }
    }

    public struct CircuitBreaker: Hashable, Sendable {
        /// Failed (or timed-out) automated actions within `window` hours that open the breaker.
        public var failures: Int
        public var window: Double
        /// Hours the breaker stays open; automation is refused meanwhile.
        public var cooldown: Double

        public init(failures: Int, window: Double, cooldown: Double) {
            self.failures = failures
            self.window = window
            self.cooldown = cooldown
        }
    }

    public init(maxCordonedPerRack: Int? = nil, maxCordonedPerSite: Int? = nil, maxConcurrentDrains: Int? = nil,
                maxActionsPerHour: Int? = nil, circuitBreaker: CircuitBreaker? = nil, approval: Approval? = nil) {
        self.maxCordonedPerRack = maxCordonedPerRack
        self.maxCordonedPerSite = maxCordonedPerSite
        self.maxConcurrentDrains = maxConcurrentDrains
        self.maxActionsPerHour = maxActionsPerHour
        self.circuitBreaker = circuitBreaker
        self.approval = approval
    }
}

/// Why a guard rail refused an action.
/// Which rule of the runbook's `approval` holds an action for a person: named by its key.
public enum ApprovalReason: String, Hashable, Sendable {
    case listedAction = "actions"
    case cordonedPerRack = "beyond_cordoned_per_rack"
    case cordonedPerSite = "beyond_cordoned_per_site"
}

public enum Denial: String, Hashable, Sendable {
    case rackCordonLimit = "max_cordoned_per_rack"
    case siteCordonLimit = "max_cordoned_per_site"
    case drainLimit = "max_concurrent_drains"
    case rateLimit = "rate_limit"
    case circuitOpen = "circuit_breaker"
}

/// The guard rails' memory: recent actions and failures, and whether the breaker is open.
struct GuardRailState: Hashable, Sendable {
    let limits: GuardRailLimits
    private var recentActions: [Double] = []
    private var recentFailures: [Double] = []
    private(set) var openUntil: Double = -.infinity
    private(set) var breakerTrips = 0

    init(limits: GuardRailLimits) { self.limits = limits }

    func isOpen(at now: Double) -> Bool { now < openUntil }

    /// Whether `action` may go ahead now. `cordoned` and `draining` are the nodes cordoned and
    /// draining as far as the engine knows (the host's view plus its own requests in flight).
    mutating func check(_ action: Action, cordoned: Set<String>, draining: Set<String>,
                        state: some FleetStateView, now: Double) -> Denial? {
        guard !action.isHuman else { return nil }
        if isOpen(at: now) { return .circuitOpen }
        if let limit = limits.maxActionsPerHour {
            recentActions.removeAll { $0 <= now - 1 }
            if recentActions.count >= limit { return .rateLimit }
        }
        if let (inRack, inSite) = cordonsBeside(action, cordoned: cordoned, state: state) {
            if let limit = limits.maxCordonedPerRack, inRack >= limit { return .rackCordonLimit }
            if let limit = limits.maxCordonedPerSite, inSite >= limit { return .siteCordonLimit }
        }
        if case .drain(let node) = action, !draining.contains(node), let limit = limits.maxConcurrentDrains,
           draining.count >= limit { return .drainLimit }
        return nil
    }

    /// Why an allowed action must wait for an operator's approval, or nil if it need not.
    func approvalReason(_ action: Action, cordoned: Set<String>, state: some FleetStateView) -> ApprovalReason? {
        guard let approval = limits.approval else { return nil }
        if approval.actions.contains(action.kind) { return .listedAction }
        guard let (inRack, inSite) = cordonsBeside(action, cordoned: cordoned, state: state) else { return nil }
        if approval.beyondCordonedPerRack.map({ inRack >= $0 }) == true { return .cordonedPerRack }
        if approval.beyondCordonedPerSite.map({ inSite >= $0 }) == true { return .cordonedPerSite }
        return nil
    }

    /// For a cordon of a node not yet cordoned, with a known place: the nodes already cordoned
    /// in its rack and in its site.
    private func cordonsBeside(_ action: Action, cordoned: Set<String>, state: some FleetStateView) -> (rack: Int, site: Int)? {
        guard case .cordon(let node) = action, !cordoned.contains(node), let place = state.location(ofNode: node) else { return nil }
        let located = cordoned.compactMap { state.location(ofNode: $0) }
        return (located.filter { $0.rack == place.rack && $0.site == place.site }.count, located.filter { $0.site == place.site }.count)
    }

    mutating func recordIssued(_ action: Action, at now: Double) {
        if !action.isHuman && limits.maxActionsPerHour != nil { recentActions.append(now) }
    }

    mutating func recordFailure(of action: Action, at now: Double) {
        guard !action.isHuman, let breaker = limits.circuitBreaker else { return }
        recentFailures.removeAll { $0 <= now - breaker.window }
        recentFailures.append(now)
        if recentFailures.count >= breaker.failures && !isOpen(at: now) {
            openUntil = now + breaker.cooldown
            breakerTrips += 1
            recentFailures.removeAll()
        }
    }
}
