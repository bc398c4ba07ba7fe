/// Typed indices into the fleet's tables, so that a site can never be passed where a node is
/// expected. Each wraps the 32-bit index events carry (events stay small: see `FleetEvent`).
public protocol FleetIdentifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    var rawValue: Int32 { get }
    init(rawValue: Int32)
}

extension FleetIdentifier {
    public init(_ index: Int) { self.init(rawValue: Int32(index)) }
    /// The index into the table the identifier names.
    public var index: Int { Int(rawValue) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A node (a server or compute tray), numbered rack by rack, site by site.
public struct NodeID: FleetIdentifier {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "node \(rawValue)" }
}

/// A rack, numbered site by site.
public struct RackID: FleetIdentifier {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "rack \(rawValue)" }
}

/// A site, in the order of the scenario's `sites`.
public struct SiteID: FleetIdentifier {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "site \(rawValue)" }
}

/// An open fault's slot in the incident book (slots are reused once an incident closes).
public struct IncidentID: FleetIdentifier {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "incident \(rawValue)" }
}

/// One component: its class (the catalog's order) and its instance within the class.
public struct ComponentID: Hashable, Sendable, CustomStringConvertible {
    public let componentClass: Int16
    public let instance: Int32
    public init(componentClass: Int, instance: Int) {
        self.componentClass = Int16(componentClass)
        self.instance = Int32(instance)
    }
    public var classIndex: Int { Int(componentClass) }
    public var instanceIndex: Int { Int(instance) }
    public var description: String { "component \(componentClass)/\(instance)" }
}

/// A link of the network (see `NetworkConfiguration.link(site:kind:)`).
public struct LinkID: FleetIdentifier {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "link \(rawValue)" }
}

/// A transfer's slot in the flow network (slots are reused once a transfer ends).
public struct FlowID: FleetIdentifier {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "flow \(rawValue)" }
}
