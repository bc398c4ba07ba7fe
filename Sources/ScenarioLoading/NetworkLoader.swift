import FleetModel
import LocatedYAML

/// Reads a fleet's `network` block: the capacities of each site's spine, storage network and
/// WAN uplink (Gb/s), the latency of a path (ms), per-site overrides, and which component
/// classes' failures take capacity from which link.
struct NetworkLoader {
    /// 1 Pb/s: beyond any link built; a larger figure is a unit mistake.
    static let largestGbps = 1e6

    func network(_ field: YAMLField, sites: [Site], classNames: [String]) throws(ScenarioError) -> NetworkConfiguration {
        let block = try field.mapping(allowed: ScenarioFormat.network.keys)
        let defaults = NetworkConfiguration.SiteLinks(
            spineGbps: try capacity(block.required("spine_gbps", expected: "the spine's capacity (site bisection), Gb/s")),
            storageGbps: try capacity(block.required("storage_gbps", expected: "the storage network's capacity, Gb/s")),
            wanGbps: try capacity(block.required("wan_gbps", expected: "the site's WAN uplink capacity, Gb/s")),
            latencySeconds: try block.optional("latency_ms").map { f throws(ScenarioError) in try latency(f) } ?? 0)
        var links = Array(repeating: defaults, count: sites.count)
        if let overrides = block.optional("sites") {
            for (name, siteField) in try overrides.namedEntries(expected: "per-site link capacities") {
                let site = try siteField.resolve(name, among: sites.map(\.name), kind: "site")
                let spec = try siteField.mapping(allowed: ScenarioFormat.siteNetwork.keys)
                if let f = spec.optional("spine_gbps") { links[site].spineGbps = try capacity(f) }
                if let f = spec.optional("storage_gbps") { links[site].storageGbps = try capacity(f) }
                if let f = spec.optional("wan_gbps") { links[site].wanGbps = try capacity(f) }
                if let f = spec.optional("latency_ms") { links[site].latencySeconds = try latency(f) }
            }
        }
        var failures: [Int: NetworkConfiguration.LinkFailure] = [:]
        if let mapping = block.optional("link_failures") {
            for (name, linkField) in try mapping.namedEntries(expected: "component classes and the link their failures reduce") {
                let classIndex = try linkField.resolve(name, among: classNames, kind: "component class")
                if case .scalar = linkField.node {
                    failures[classIndex] = .init(link: try linkField.choice(NetworkConfiguration.LinkKind.self))
                } else {
                    let spec = try linkField.mapping(allowed: ScenarioFormat.linkFailure.keys)
                    failures[classIndex] = .init(
                        link: try spec.required("link", expected: "spine, storage or wan").choice(NetworkConfiguration.LinkKind.self),
                        capacityLoss: try spec.value("capacity_loss", defaultFrom: ScenarioFormat.linkFailure)!.number(in: 1e-9...1, expected: "the share of its capacity a failed component takes, above 0 and at most 1"))
                }
            }
        }
        var network = NetworkConfiguration(sites: links, linkFailures: failures)
        if let siteField = block.optional("management_site") {
            network.managementSite = try siteField.reference(to: sites.map(\.name), kind: "site")
        }
        if let sizeField = block.optional("alert_kb") {
            network.alertGigabytes = try sizeField.number(in: 0.001...1e6, expected: "an alert's size in KB, from 0.001 to 1000000") / 1e6
        }
        return network
    }

    /// A transfer's size in GB (`checkpoint_size_gb`, `weights_gb`, `image_gb`): above 0, at
    /// most 10^9 (an exabyte: a larger figure is a unit mistake), and only in a fleet with a
    /// network, whose links it crosses.
    static func transferSize(_ field: YAMLField, network: NetworkConfiguration?, what: String) throws(ScenarioError) -> Double {
        let key = field.path.split(separator: ".").last.map(String.init) ?? field.path
        guard network != nil else {
            throw field.error("\(key) needs the fleet's network block (the links a transfer of \(what) crosses)")
        }
        let size = try field.number(in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                                    expected: "\(what)'s size in GB, e.g. 810")
        guard size > 0 && size <= 1e9 else {
            throw field.error("\(what) must be above 0 and at most 1000000000 GB, found \(size)")
        }
        return size
    }

    func capacity(_ field: YAMLField) throws(ScenarioError) -> Double {
        let value = try field.number(in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                                     expected: "a capacity in Gb/s, e.g. 400")
        guard value > 0 && value <= Self.largestGbps else {
            throw field.error("a link capacity must be above 0 and at most \(Int(Self.largestGbps)) Gb/s, found \(value)")
        }
        return value
    }

    func latency(_ field: YAMLField) throws(ScenarioError) -> Double {
        try field.number(in: 0...60_000, expected: "a one-way latency in milliseconds, from 0 to 60000") / 1000
    }
}
