/// The links of a fleet's network that carry its bulk transfers, per site: the spine (the
/// site's bisection between racks), the storage network (to the site's storage endpoints) and
/// the WAN uplink (to the backbone, which is taken as never the bottleneck: sites form a star).
/// Capacities in Gb/s, latencies in seconds.
///
/// Racks' ToR uplinks are not links here: a checkpoint is written from every rack of a job at
/// once, so the shared spine and storage links bound it long before one rack's uplink does.
public struct NetworkConfiguration: Hashable, Sendable {
    public enum LinkKind: String, CaseIterable, Sendable {
        case spine
        case storage
        case wan
    }

    public struct SiteLinks: Hashable, Sendable {
        public var spineGbps: Double
        public var storageGbps: Double
        public var wanGbps: Double
        /// One-way latency of a path through the site's links, seconds.
        public var latencySeconds: Double

        public init(spineGbps: Double, storageGbps: Double, wanGbps: Double, latencySeconds: Double) {
            self.spineGbps = spineGbps
            self.storageGbps = storageGbps
            self.wanGbps = wanGbps
            self.latencySeconds = latencySeconds
        }

        public func capacity(_ kind: LinkKind) -> Double {
            switch kind {
            case .spine: spineGbps
            case .storage: storageGbps
            case .wan: wanGbps
            }
        }
    }

    /// Per site, in the order of the fleet's sites.
    public var sites: [SiteLinks]
    /// What a component class's failure does to a link of its site: each failed instance
    /// removes `capacityLoss` of its share (1 / the class's instances at the site), so one of
    /// four fabric switches down leaves three quarters of the spine, a site's only WAN router
    /// cuts it, and an optic that degrades to half speed (`capacityLoss` 0.5) costs half a share.
    public struct LinkFailure: Hashable, Sendable {
        public var link: LinkKind
        public var capacityLoss: Double

        public init(link: LinkKind, capacityLoss: Double = 1) {
            self.link = link
            self.capacityLoss = capacityLoss
        }
    }

    /// By component class.
    public var linkFailures: [Int: LinkFailure]

    /// The site the management plane runs at: alerts from other sites cross their WAN uplink
    /// and this site's to reach it.
    public var managementSite = 0
    /// An alert's size on the wire, gigabytes (an Alertmanager notification: a few kilobytes).
    public var alertGigabytes = 4e-6

    public init(sites: [SiteLinks], linkFailures: [Int: LinkFailure] = [:]) {
        self.sites = sites
        self.linkFailures = linkFailures
    }

    /// The path of an alert from `site` to the management plane: the two sites' WAN uplinks.
    public func alertPath(from site: Int) -> LinkPath {
        Self.path((site, .wan), (managementSite, .wan))
    }

    public var linkCount: Int { sites.count * LinkKind.allCases.count }

    /// The index of a site's link of `kind` among all links.
    public static func link(site: Int, kind: LinkKind) -> Int {
        site * LinkKind.allCases.count + (LinkKind.allCases.firstIndex(of: kind) ?? 0)
    }

    /// The site and kind of link `index`.
    public static func describe(link index: Int) -> (site: Int, kind: LinkKind) {
        (index / LinkKind.allCases.count, LinkKind.allCases[index % LinkKind.allCases.count])
    }

    /// Nominal capacities of every link, Gb/s.
    public var capacities: [Double] {
        (0..<linkCount).map { index in
            let (site, kind) = Self.describe(link: index)
            return sites[site].capacity(kind)
        }
    }

    /// The path of a model's weights pulled from the registry beyond the backbone to `site`: its
    /// WAN uplink, then its spine.
    public static func registryPath(site: Int) -> LinkPath {
        path((site, .wan), (site, .spine))
    }

    /// The path of a checkpoint written at `site`: its spine, then its storage network.
    public static func checkpointPath(site: Int) -> LinkPath {
        path((site, .spine), (site, .storage))
    }

    /// The path through two links, in order. Two parameters, not a variadic list: a variadic
    /// would build an array for every transfer.
    static func path(_ first: (site: Int, kind: LinkKind), _ second: (site: Int, kind: LinkKind)) -> LinkPath {
        var path = LinkPath()
        path.append(Int32(link(site: first.site, kind: first.kind)))
        path.append(Int32(link(site: second.site, kind: second.kind)))
        return path
    }
}
