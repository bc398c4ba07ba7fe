/// A codified runbook: which signals it handles, and the steps it takes, each an action with a
/// timeout and retries that branches on success, failure, or a guard rail's refusal.
public struct Runbook: Hashable, Sendable {
    public struct Match: Hashable, Sendable {
        /// The signal type; `nil` matches any (a catch-all, written `signal: any`).
        public var signal: SignalType?
        /// Labels the signal must carry with these values.
        public var labels: [String: String]

        public init(signal: SignalType?, labels: [String: String] = [:]) {
            self.signal = signal
            self.labels = labels
        }

        public func matches(_ signal: Signal) -> Bool {
            (self.signal == nil || signal.type == self.signal) && labels.allSatisfy { signal.labels[$0.key] == $0.value }
        }
    }

    public struct Step: Hashable, Sendable {
        public var id: String
        public var action: ActionKind
        /// `team`, `severity`, `part`, ... for actions that need them.
        public var parameters: [String: String]
        /// Hours.
        public var timeout: Double?
        /// Extra attempts after a failure or timeout, before `onFailure`.
        public var retries: Int
        /// Next step ids, or `escalate`; `nil` (or `done`) ends the run.
        public var onSuccess: String?
        public var onFailure: String?
        /// Where to go when a guard rail refuses the action; `nil`: escalate to people.
        public var onDenied: String?

        public init(id: String, action: ActionKind, parameters: [String: String] = [:], timeout: Double? = nil,
                    retries: Int = 0, onSuccess: String? = nil, onFailure: String? = nil, onDenied: String? = nil) {
            self.id = id
            self.action = action
            self.parameters = parameters
            self.timeout = timeout
            self.retries = retries
            self.onSuccess = onSuccess
            self.onFailure = onFailure
            self.onDenied = onDenied
        }
    }

    /// What to do when the signal that started a run resolves.
    public enum OnResolve: Hashable, Sendable {
        /// Carry on.
        case ignore
        /// Stop the run: issue nothing more.
        case cancel
        /// Go to this step (an `uncordon`, say).
        case step(String)
    }

    public var name: String
    public var match: Match
    /// The first step is where a run starts.
    public var steps: [Step]
    /// Who gets the ticket when automation may not act.
    public var escalationTeam: String
    public var onResolve: OnResolve

    public init(name: String, match: Match, steps: [Step], escalationTeam: String = "oncall", onResolve: OnResolve = .ignore) {
        self.name = name
        self.match = match
        self.steps = steps
        self.escalationTeam = escalationTeam
        self.onResolve = onResolve
    }

    /// Edge targets with a meaning of their own: end the run, or hand it to people.
    public static let done = "done", escalate = "escalate"

    func stepIndex(_ id: String?) -> Int? {
        id.flatMap { id in steps.firstIndex { $0.id == id } }
    }
}
