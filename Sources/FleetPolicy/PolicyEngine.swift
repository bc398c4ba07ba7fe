/// Hosts a policy: passes it signals and outcomes, holds every intent against the guard rails,
/// numbers the actions it lets through and records every decision. The simulator and the
/// production agent both drive this type, which is why the same signals give the same actions.
public struct PolicyEngine<P: Policy> {
    public private(set) var policy: P
    private var guardRails: GuardRailState
    private var nextID = 1
    private var inFlight: [Int: Intent] = [:]
    /// Nodes this engine cordoned (and has not uncordoned), and drains it started and that have
    /// not finished: added to the host's view, which may lag.
    private var cordonedByEngine: Set<String> = []
    private var drainingByEngine: Set<String> = []
    /// Every decision, in order.
    public private(set) var log: [Decision] = []

    public struct Decision: Hashable, Sendable {
        public let time: Double
        public let request: ActionRequest?
        public let denial: Denial?
        public let intent: Intent
    }

    public init(policy: P, guardRails: GuardRailLimits) {
        self.policy = policy
        self.guardRails = GuardRailState(limits: guardRails)
    }

    public var breakerTrips: Int { guardRails.breakerTrips }
    public func breakerOpen(at time: Double) -> Bool { guardRails.isOpen(at: time) }

    /// The actions to carry out for `signal`.
    public mutating func handle(_ signal: Signal, state: some FleetStateView) -> [ActionRequest] {
        process(policy.decide(on: signal, state: state), at: signal.time, state: state)
    }

    /// The actions to carry out now that request `id` ended with `outcome`.
    public mutating func report(_ outcome: ActionOutcome, of id: Int, at time: Double, state: some FleetStateView) -> [ActionRequest] {
        guard let intent = inFlight.removeValue(forKey: id) else { return [] }
        switch intent.action {
        case .uncordon(let node) where outcome == .succeeded: cordonedByEngine.remove(node)
        case .drain(let node): drainingByEngine.remove(node)
        default: break
        }
        if outcome != .succeeded { guardRails.recordFailure(of: intent.action, at: time) }
        return process(policy.decide(after: intent, result: .outcome(outcome), at: time, state: state), at: time, state: state)
    }

    private mutating func process(_ intents: [Intent], at time: Double, state: some FleetStateView) -> [ActionRequest] {
        var pending = intents
        var requests: [ActionRequest] = []
        while !pending.isEmpty {
            let intent = pending.removeFirst()
            let cordoned = state.cordonedNodes().union(cordonedByEngine)
            let draining = state.drainingNodes().union(drainingByEngine)
            if let denial = guardRails.check(intent.action, cordoned: cordoned, draining: draining, state: state, now: time) {
                log.append(Decision(time: time, request: nil, denial: denial, intent: intent))
                pending += policy.decide(after: intent, result: .denied(denial), at: time, state: state)
                continue
            }
            let request = ActionRequest(id: nextID, action: intent.action, origin: intent.origin, timeout: intent.timeout,
                                        labels: intent.labels,
                                        approvalReason: guardRails.approvalReason(intent.action, cordoned: cordoned, state: state))
            nextID += 1
            inFlight[request.id] = intent
            guardRails.recordIssued(intent.action, at: time)
            switch intent.action {
            case .cordon(let node), .drain(let node): cordonedByEngine.insert(node)
            default: break
            }
            if case .drain(let node) = intent.action { drainingByEngine.insert(node) }
            log.append(Decision(time: time, request: request, denial: nil, intent: intent))
            requests.append(request)
        }
        return requests
    }
}
