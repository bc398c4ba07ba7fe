import FleetPolicy

/// Turns an alert's labels into a signal: its `alertname` names the signal (directly, or through
/// `signalNames` for alert rules named otherwise), and the node, rack and site come from the
/// labels the configuration names, so that policies see the same labels as in simulation.
public struct SignalTranslation: Hashable, Sendable {
    /// Alert names that are not signal names, mapped to signals (e.g. `DCGMXidErrors: XidError`).
    public var signalNames: [String: SignalType] = [:]
    /// The labels holding the node, rack and site (Prometheus' `instance` is tried for the node,
    /// without its port, when the node label is missing).
    public var nodeLabel = "node"
    public var rackLabel = "rack"
    public var siteLabel = "site"

    public init() {}

    /// The node an alert's labels name: `nodeLabel`, else Prometheus' `instance` without its port.
    public func node(in labels: [String: String]) -> String? {
        labels[nodeLabel] ?? labels["instance"].map { String($0.split(separator: ":").first ?? "") }
    }

    public func signal(from labels: [String: String], firing: Bool, at time: Double) -> Signal? {
        guard let name = labels["alertname"], let type = signalNames[name] ?? SignalType(rawValue: name) else { return nil }
        var signalLabels = labels
        signalLabels["alertname"] = nil
        signalLabels["node"] = node(in: labels)
        signalLabels["rack"] = labels[rackLabel]
        signalLabels["site"] = labels[siteLabel]
        return Signal(type: type, labels: signalLabels, time: time, firing: firing)
    }
}
