import FleetPolicy

/// The production host of a policy: the same `PolicyEngine` the simulator runs, fed from live
/// input (Alertmanager notifications, JSON lines, outcomes reported back) instead of a model.
/// Pure and synchronous: the HTTP server and the stdin loop wrap it, run the commands, and
/// report what happened, so the decisions are testable without a cluster. Hosts a runbook file
/// (`Agent<RunbookPolicy>`, what `fleetsim agent` runs) or any Swift `Policy`.
public struct Agent<P: Policy> {
    public private(set) var engine: PolicyEngine<P>
    public private(set) var fleet = LiveFleetState()
    /// Firing alerts by Alertmanager fingerprint.
    public private(set) var firing: [String: Signal] = [:]
    /// Firing deliveries acted on (fingerprint and start time), so that none is acted on twice.
    private var deliveries: Set<String> = []
    /// Issued actions without an outcome yet, by id (including those awaiting approval).
    public private(set) var open: [Int: AgentAction] = [:]
    public private(set) var counters = AgentCounters()
    /// When each open action's timeout runs out (set once it may run).
    private var deadlines: [Int: Double] = [:]
    /// How much of the engine's decision log has been reported.
    private var decisionsReported = 0
    public let translation: SignalTranslation

    public init(policy: P, guardRails: GuardRailLimits, translation: SignalTranslation = SignalTranslation()) {
        engine = PolicyEngine(policy: policy, guardRails: guardRails)
        self.translation = translation
    }

    public var awaitingApproval: [AgentAction] {
        open.values.filter { $0.status == .awaitingApproval }.sorted { $0.request.id < $1.request.id }
    }

    public var breakerTrips: Int { engine.breakerTrips }
    public var guardRailDenials: Int { engine.log.count { $0.denial != nil } }

    // MARK: Input

    /// A recorded or streamed input (a JSON line of `PolicyInput`).
    public mutating func apply(_ input: PolicyInput) -> [AgentAction] {
        switch input {
        case .signal(let signal):
            // A node that cannot exist would only get actions that never run, yet count
            // against the guard rails: such alerts stop here.
            if let node = signal.labels["node"], !KubectlPlan.isKubernetesName(node) {
                counters.alertsInvalidTarget += 1
                return []
            }
            counters.signals += 1
            fleet.learn(from: signal.labels)
            _ = engine.handle(signal, state: fleet)
            return decisions(at: signal.time)
        case .outcome(let id, let outcome, let time):
            guard var action = open.removeValue(forKey: id) else {
                counters.outcomesIgnored += 1
                return []
            }
            deadlines[id] = nil
            if outcome == .succeeded {
                switch action.request.action {
                case .cordon(let node): fleet.cordoned.insert(node)
                case .uncordon(let node): fleet.cordoned.remove(node)
                default: break
                }
            }
            if case .drain(let node) = action.request.action { fleet.draining.remove(node) }
            // A rejection is how the action ends: keep saying so.
            if action.status != .rejected { action.status = .finished }
            action.outcome = outcome
            action.time = time
            _ = engine.report(outcome, of: id, at: time, state: fleet)
            return [action] + decisions(at: time)
        }
    }

    /// An Alertmanager notification: alerts not seen firing before become signals, resolved
    /// alerts that were firing become resolve signals; repeats are absorbed, and so is a firing
    /// alert delivered again (same fingerprint and start time) after it resolved.
    public mutating func receive(_ payload: AlertmanagerWebhook, at now: Double) -> [AgentAction] {
        var actions: [AgentAction] = []
        for alert in payload.alerts {
            let isFiring = alert.status == "firing"
            if isFiring == (firing[alert.fingerprint] != nil) { continue }
            if isFiring, let startsAt = alert.startsAt, !deliveries.insert(alert.fingerprint + "@" + startsAt).inserted {
                counters.redeliveries += 1
                continue
            }
            guard let signal = translation.signal(from: alert.labels, firing: isFiring, at: now) else {
                counters.alertsUnrecognised += 1
                continue
            }
            firing[alert.fingerprint] = isFiring ? signal : nil
            actions += apply(.signal(signal))
        }
        return actions
    }

    /// An operator lets a held action go ahead.
    public mutating func approve(_ id: Int, by who: String, at now: Double) throws(AgentRequestError) -> AgentAction {
        guard var action = open[id], action.status == .awaitingApproval else { throw .noSuchPendingAction(id) }
        action.status = .approved
        action.decidedBy = who
        action.time = now
        open[id] = action
        counters.approved += 1
        if let timeout = action.request.timeout { deadlines[id] = now + timeout }
        return action
    }

    /// An operator refuses a held action: the policy hears that it failed.
    public mutating func reject(_ id: Int, by who: String, at now: Double) throws(AgentRequestError) -> [AgentAction] {
        guard var action = open[id], action.status == .awaitingApproval else { throw .noSuchPendingAction(id) }
        action.status = .rejected
        action.decidedBy = who
        open[id] = action
        return apply(.outcome(id: id, outcome: .failed, time: now))
    }

    /// The host ran the action's command (or handed it on).
    public mutating func markExecuted(_ id: Int, at now: Double) -> AgentAction? {
        guard var action = open[id] else { return nil }
        action.status = .executed
        action.time = now
        open[id] = action
        counters.executed += 1
        return action
    }

    /// Whether some action's timeout has run out by `now`.
    public func hasTimeoutsDue(at now: Double) -> Bool { deadlines.values.contains { $0 <= now } }

    /// Actions whose timeout ran out without an outcome are reported as timed out.
    public mutating func expireTimeouts(at now: Double) -> [AgentAction] {
        let due = deadlines.filter { $0.value <= now }.keys.sorted()
        return due.flatMap { apply(.outcome(id: $0, outcome: .timedOut, time: now)) }
    }

    /// The engine's decisions since the last call, in order: actions issued, and intents the
    /// guard rails denied (reported with their reason, never run).
    private mutating func decisions(at time: Double) -> [AgentAction] {
        let new = engine.log[decisionsReported...]
        decisionsReported = engine.log.count
        return new.map { decision in
            guard let request = decision.request else {
                var denied = AgentAction(request: ActionRequest(id: 0, action: decision.intent.action, origin: decision.intent.origin,
                                                                timeout: decision.intent.timeout, labels: decision.intent.labels),
                                         status: .denied, time: time)
                denied.denial = decision.denial
                return denied
            }
            let action = AgentAction(request: request, status: request.needsApproval ? .awaitingApproval : .planned, time: time)
            open[request.id] = action
            counters.planned += 1
            if !request.needsApproval, let timeout = request.timeout { deadlines[request.id] = time + timeout }
            if case .drain(let node) = request.action { fleet.draining.insert(node) }
            if request.action.isHuman { fleet.tickets += 1 }
            return action
        }
    }
}

extension Agent where P == RunbookPolicy {
    /// An agent running a runbook file under its guard rails.
    public init(runbooks: RunbookFile, translation: SignalTranslation = SignalTranslation()) {
        self.init(policy: RunbookPolicy(file: runbooks), guardRails: runbooks.guardRails, translation: translation)
    }
}

public enum AgentRequestError: Error, Equatable, CustomStringConvertible {
    case noSuchPendingAction(Int)

    public var description: String {
        switch self {
        case .noSuchPendingAction(let id): "no action \(id) is waiting for approval"
        }
    }
}

/// What the agent has done, for `/metrics`.
public struct AgentCounters: Hashable, Sendable {
    public var signals = 0
    public var alertsUnrecognised = 0
    /// Alerts naming a node that is not a Kubernetes node name (refused before the policy).
    public var alertsInvalidTarget = 0
    /// Firing alerts delivered again after they resolved (absorbed).
    public var redeliveries = 0
    public var planned = 0
    public var approved = 0
    public var executed = 0
    public var outcomesIgnored = 0
}
