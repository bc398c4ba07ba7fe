/// Decision logic of the management plane: what to do about a signal, and what next once an
/// action's outcome is known. Runbooks (`RunbookPolicy`) and hand-written Swift types conform
/// alike, and both run inside a `PolicyEngine`, which applies the guard rails and keeps the
/// decision log — the same in simulation and in production.
///
/// A policy must be deterministic given its inputs: no clocks, no randomness of its own.
public protocol Policy {
    /// What to do about `signal`.
    mutating func decide(on signal: Signal, state: some FleetStateView) -> [Intent]
    /// What to do now that intent `intent` ended with `result`.
    mutating func decide(after intent: Intent, result: IntentResult, at time: Double, state: some FleetStateView) -> [Intent]
}

/// An action a policy wants, before the guard rails have had their say.
public struct Intent: Hashable, Sendable {
    public var action: Action
    /// `runbook/step`, or a Swift policy's own label.
    public var origin: String
    /// Hours after which the host reports the action as timed out.
    public var timeout: Double?
    /// The policy's own bookkeeping (which execution it belongs to); the engine passes it back.
    public var tag: Int
    /// The labels of the signal it answers.
    public var labels: [String: String]

    public init(action: Action, origin: String, timeout: Double? = nil, tag: Int = 0, labels: [String: String] = [:]) {
        self.action = action
        self.origin = origin
        self.timeout = timeout
        self.tag = tag
        self.labels = labels
    }
}

/// How an intent ended: the host's outcome, or a guard rail's refusal (never sent to the host).
public enum IntentResult: Hashable, Sendable {
    case outcome(ActionOutcome)
    case denied(Denial)
}
