import FleetPolicy

/// The fleet as the agent knows it from live input: where each node it has heard of sits (from
/// alert labels), which nodes its own actions have cordoned, and which it is draining. The
/// guard rails are decided on this view, exactly as in the simulator.
public struct LiveFleetState: FleetStateView, Sendable {
    public private(set) var locations: [String: (rack: String, site: String)] = [:]
    public internal(set) var cordoned: Set<String> = []
    public internal(set) var draining: Set<String> = []
    public internal(set) var tickets = 0

    public init() {}

    /// Learns a node's place from a signal's `node`, `rack` and `site` labels.
    mutating func learn(from labels: [String: String]) {
        guard let node = labels["node"], let rack = labels["rack"], let site = labels["site"] else { return }
        locations[node] = (rack, site)
    }

    public func location(ofNode node: String) -> (rack: String, site: String)? { locations[node] }
    public func cordonedNodes() -> Set<String> { cordoned }
    public func drainingNodes() -> Set<String> { draining }
    public func openTickets() -> Int { tickets }
}
