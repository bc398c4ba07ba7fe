/// Typed indices into the fleet's tables, so that a site can never be passed where a node is
/// expected. Each wraps the 32-bit index events carry (events stay small); the tag only names
/// the kind.
public struct Identifier<Tag: IdentifierTag>: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ index: Int) { rawValue = Int32(index) }

    /// The index into the table the identifier names.
    public var index: Int { Int(rawValue) }
    public var description: String { "\(Tag.name) \(rawValue)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What an `Identifier` identifies.
public protocol IdentifierTag: Sendable {
    static var name: String { get }
}

/// A node (a server or compute tray), numbered rack by rack, site by site.
public enum NodeTag: IdentifierTag { public static let name = "node" }
/// A rack, numbered site by site.
public enum RackTag: IdentifierTag { public static let name = "rack" }
/// A site, in the order of the scenario's `sites`.
public enum SiteTag: IdentifierTag { public static let name = "site" }
/// An open fault's slot in the incident book (slots are reused once an incident closes).
public enum IncidentTag: IdentifierTag { public static let name = "incident" }
/// A link of the network (see `NetworkConfiguration.link(site:kind:)`).
public enum LinkTag: IdentifierTag { public static let name = "link" }
/// A transfer's slot in the flow network (slots are reused once a transfer ends).
public enum FlowTag: IdentifierTag { public static let name = "flow" }

/// A training job: those of the scenario, then those that arrived, in order.
public enum JobTag: IdentifierTag { public static let name = "job" }
/// An inference service, in the order of the scenario's `inference_services`.
public enum ServiceTag: IdentifierTag { public static let name = "service" }
/// An upgrade campaign, in the order of the scenario's `upgrades`.
public enum CampaignTag: IdentifierTag { public static let name = "campaign" }

public typealias NodeID = Identifier<NodeTag>
public typealias RackID = Identifier<RackTag>
public typealias SiteID = Identifier<SiteTag>
public typealias IncidentID = Identifier<IncidentTag>
public typealias LinkID = Identifier<LinkTag>
public typealias FlowID = Identifier<FlowTag>
public typealias JobID = Identifier<JobTag>
public typealias ServiceID = Identifier<ServiceTag>
public typealias CampaignID = Identifier<CampaignTag>

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
