import FleetPolicy
import Stochastics

/// The management plane of a simulated fleet: a strategy (a runbook file and its guard rails)
/// and what each action does here — how long it takes and which faults it clears.
public struct ManagementConfiguration: Hashable, Sendable {
    /// The strategy's name in reports (`manual`, `closed-loop`, ...).
    public var strategy: String
    public var runbooks: RunbookFile
    public var actions: [ActionKind: ActionEffect]
    /// Spurious alerts: each node raises one every so many hours on average (`nil`: none).
    public var falseAlarmMeanTimePerNode: Double?
    public var falseAlarmSignal: SignalType = .nodeNotReady
    /// Faults whose alert is lost, found later by a sweep or a person.
    public var missedAlertProbability: Double = 0
    public var missedAlertFoundAfter: Distribution = .exponential(mean: 24)
    /// How long an operator takes to approve an action the guard rails hold for approval.
    public var approvalTime: Distribution = .deterministic(0.5)
    /// Keep every signal and outcome the policy engine is given (for replay into the agent).
    public var recordsPolicyInputs = false

    public init(strategy: String, runbooks: RunbookFile, actions: [ActionKind: ActionEffect] = ManagementConfiguration.defaultActions) {
        self.strategy = strategy
        self.runbooks = runbooks
        self.actions = actions
    }

    /// Automated actions: minutes for cordons, a reset clears most transient faults, a reboot
    /// transient and software faults, a reimage software faults (estimates, as in the scenarios'
    /// remediation steps). Hard faults need a part and a person.
    public static let defaultActions: [ActionKind: ActionEffect] = [
        .cordon: ActionEffect(duration: .deterministic(1.0 / 60)),
        .uncordon: ActionEffect(duration: .deterministic(1.0 / 60)),
        .drain: ActionEffect(duration: .deterministic(0.25)),
        .resetGPU: ActionEffect(duration: .deterministic(5.0 / 60), clears: [.transient: 0.7]),
        .reboot: ActionEffect(duration: .deterministic(0.25), clears: [.transient: 0.9, .software: 0.8]),
        .reimage: ActionEffect(duration: .deterministic(1), clears: [.transient: 0.95, .software: 0.95]),
    ]
}

/// What an automated action does in the simulator.
public struct ActionEffect: Hashable, Sendable {
    public var duration: Distribution
    /// Probability the action clears a fault of each kind (missing: 0).
    public var clears: [FaultKind: Double]

    public init(duration: Distribution, clears: [FaultKind: Double] = [:]) {
        self.duration = duration
        self.clears = clears
    }
}
