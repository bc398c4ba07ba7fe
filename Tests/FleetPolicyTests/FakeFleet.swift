import FleetPolicy

/// A fleet for policy tests: nodes `s<site>-r<rack>-n<node>`, and the cordons and drains that
/// reported outcomes produced.
struct FakeFleet: FleetStateView {
    var cordoned: Set<String> = []
    var draining: Set<String> = []
    var tickets = 0

    static func node(site: Int, rack: Int, node: Int) -> String { "s\(site)-r\(rack)-n\(node)" }

    func location(ofNode node: String) -> (rack: String, site: String)? {
        let parts = node.split(separator: "-")
        guard parts.count == 3 else { return nil }
        return ("\(parts[0])-\(parts[1])", String(parts[0]))
    }

    func cordonedNodes() -> Set<String> { cordoned }
    func drainingNodes() -> Set<String> { draining }
    func openTickets() -> Int { tickets }

    /// Applies a successful action's effect.
    mutating func apply(_ action: Action) {
        switch action {
        case .cordon(let node): cordoned.insert(node)
        case .uncordon(let node): cordoned.remove(node); draining.remove(node)
        case .drain(let node): cordoned.insert(node)
        case .openTicket: tickets += 1
        default: break
        }
    }
}
