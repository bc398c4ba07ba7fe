import FleetPolicy
import SimulationCore

/// The simulated management plane: the policy engine, the nodes it has cordoned, the actions in
/// flight, and its record.
struct ManagementState {
    let settings: ManagementConfiguration
    var engine: PolicyEngine<RunbookPolicy>
    var cordoned: Set<Int> = []
    var inFlight: [Int: ActionRequest] = [:]
    var signals = 0
    var actions = 0
    var tickets = 0
    /// Automated fix attempts on nodes without a fault, and drains of healthy nodes.
    var automationErrors = 0
    var falseAlarms = 0
    /// Actions held for an operator's approval.
    var approvalsAwaited = 0
    var missedAlerts = 0
    /// Degradations announced by a precursor, and those that failed before being repaired.
    var precursors = 0
    var precursorsMissed = 0
    var failuresAverted = 0
    var timeToMitigate: [Double] = []
    /// What the engine was told, in order, when the configuration asks for it (parity tests
    /// replay it into the production agent).
    var recordedInputs: [PolicyInput]?

    init(_ configuration: ManagementConfiguration) {
        settings = configuration
        engine = PolicyEngine(policy: RunbookPolicy(file: configuration.runbooks),
                              guardRails: configuration.runbooks.guardRails)
        recordedInputs = configuration.recordsPolicyInputs ? [] : nil
    }

    mutating func handle(_ signal: Signal, state: SimulatedFleetView) -> [ActionRequest] {
        recordedInputs?.append(.signal(signal))
        return engine.handle(signal, state: state)
    }

    mutating func report(_ outcome: ActionOutcome, of id: Int, at time: Double, state: SimulatedFleetView) -> [ActionRequest] {
        recordedInputs?.append(.outcome(id: id, outcome: outcome, time: time))
        return engine.report(outcome, of: id, at: time, state: state)
    }
}

/// The simulated fleet as a policy sees it: names for nodes, racks and sites, and the cordons.
struct SimulatedFleetView: FleetStateView {
    let topology: FleetTopology
    let cordoned: Set<Int>
    let tickets: Int

    static func name(ofNode node: Int) -> String { "n\(node)" }
    static func node(named name: String) -> Int? { name.first == "n" ? Int(name.dropFirst()) : nil }

    func location(ofNode node: String) -> (rack: String, site: String)? {
        guard let index = Self.node(named: node), index < topology.nodeCount else { return nil }
        let rack = Int(topology.nodeRack[index])
        return ("r\(rack)", topology.configuration.sites[Int(topology.rackSite[rack])].name)
    }

    func cordonedNodes() -> Set<String> { Set(cordoned.map(Self.name(ofNode:))) }
    func drainingNodes() -> Set<String> { [] }
    func openTickets() -> Int { tickets }
}

/// The management plane's events.
public enum ManagementEvent: Sendable {
    /// An action is done (or has run out of time).
    case actionCompleted(request: Int32, timedOut: Bool)
    /// A spurious alert is due somewhere in the fleet.
    case falseAlarm
    /// A fault whose alert was lost is found.
    case lateAlert(IncidentID)
}
