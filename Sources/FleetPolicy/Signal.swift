/// What the management plane observes: an alert or health signal about part of the fleet.
///
/// The same value comes from the simulator's telemetry model and from production (an
/// Alertmanager webhook, a health checker), so a policy cannot tell them apart.
public struct Signal: Hashable, Sendable {
    public var type: SignalType
    /// `node`, `rack`, `site`, `gpu`, `severity`, `code`, `job`... as the source provides.
    public var labels: [String: String]
    /// Hours (the simulator's clock, or hours since the Unix epoch in production).
    public var time: Double
    /// `true` for a firing alert, `false` when it resolves.
    public var firing: Bool

    public init(type: SignalType, labels: [String: String] = [:], time: Double, firing: Bool = true) {
        self.type = type
        self.labels = labels
        self.time = time
        self.firing = firing
    }

    public var node: String? { labels["node"] }
}

/// The signals policies understand. Runbooks name them by these raw values; an unknown name is
/// an error, so a typo cannot silently match nothing.
public enum SignalType: String, CaseIterable, Hashable, Sendable {
    case gpuFellOffBus = "GPUFellOffBus"
    case xidError = "XidError"
    case nodeNotReady = "NodeNotReady"
    case eccUncorrectable = "ECCUncorrectable"
    /// A precursor: correctable ECC errors rising on a GPU (predictive strategies act on it).
    case eccCorrectableRising = "ECCCorrectableRising"
    case linkDown = "LinkDown"
    case thermalThrottle = "ThermalThrottle"
    case jobStalled = "JobStalled"
    case powerFault = "PowerFault"
    case siteUnreachable = "SiteUnreachable"
}
