/// What a policy may ask about the fleet. The simulator implements it from its model, the
/// production agent from what it has seen; guard rails are decided on it.
public protocol FleetStateView {
    /// The rack and site of a node, if known.
    func location(ofNode node: String) -> (rack: String, site: String)?
    /// Nodes cordoned now (including those draining).
    func cordonedNodes() -> Set<String>
    /// Drains in progress.
    func drainingNodes() -> Set<String>
    /// Tickets open now.
    func openTickets() -> Int
}
