import SimulationCore

/// One failure of a replication as an operator's incident log records it: when, on which
/// component, and when it was back in service. Calibration compares these with a real log.
public struct SimulatedIncident: Hashable, Sendable {
    /// Hours from the start of the run.
    public let failedAt: Double
    public let componentClass: Int
    /// The component's instance within its class (a replayed log's `node`).
    public let instance: Int
    public let mode: Int
    /// Hours from the start of the run; `nil` while still open at the horizon.
    public let resolvedAt: Double?

    /// Hours from failure to back in service, when it came back within the run.
    public var repairHours: Double? { resolvedAt.map { $0 - failedAt } }
}

extension FleetSimulation {
    /// Simulates one replication and returns its failures in the order they began (precursors
    /// that were repaired before failing are not failures, and are left out). Costs nothing to
    /// runs that do not ask: the history is kept only here.
    public static func incidentHistory(_ topology: FleetTopology, masterSeed: UInt64, replication: Int) -> [SimulatedIncident] {
        var log: [String]?
        let (model, _) = simulate(topology, masterSeed: masterSeed, replication: replication, recordingInto: &log, keepingHistory: true)
        var history = model.history ?? []
        for (_, incident) in model.incidents.open where !incident.isPrecursor {
            history.append(SimulatedIncident(incident, resolvedAt: nil))
        }
        return history.sorted { ($0.failedAt, $0.componentClass, $0.instance) < ($1.failedAt, $1.componentClass, $1.instance) }
    }

    /// Notes a resolved incident, when the run keeps a history.
    mutating func noteResolved(_ incident: Incident, at now: SimTime) {
        guard history != nil, !incident.isPrecursor else { return }
        history!.append(SimulatedIncident(incident, resolvedAt: now))
    }
}

extension SimulatedIncident {
    init(_ incident: Incident, resolvedAt: SimTime?) {
        self.init(failedAt: incident.failedAt, componentClass: incident.component.classIndex, instance: incident.component.instanceIndex,
                  mode: Int(incident.mode), resolvedAt: resolvedAt)
    }
}
