import BitCollections

/// Which sites the management plane can reach. A WAN cut isolates its site: the site's GPUs keep
/// working, but its faults go unseen (and its inference replicas unserved) until the cut heals.
struct NetworkState {
    /// Per site: the cuts in force (two cuts may overlap; the site returns when both heal).
    private var cuts: [Int]
    /// Per site: whether any cut is in force, as one bit. Every detection asks, and a bit per
    /// site stays in cache where a count per site (8 bytes each) was a cache miss per detection
    /// in a fleet of tens of thousands of sites.
    private var isCut: BitArray
    /// Per site: faults detected while the site was cut off, to surface when it returns.
    private var hidden: [[IncidentID]]

    init(siteCount: Int) {
        cuts = Array(repeating: 0, count: siteCount)
        isCut = BitArray(repeating: false, count: siteCount)
        hidden = Array(repeating: [], count: siteCount)
    }

    func isReachable(_ site: SiteID) -> Bool { !isCut[site.index] }

    /// Records a cut; returns whether the site has just become unreachable.
    mutating func cut(_ site: SiteID) -> Bool {
        cuts[site.index] += 1
        isCut[site.index] = true
        return cuts[site.index] == 1
    }

    /// Heals a cut. When the site is reachable again, returns the faults hidden meanwhile (in
    /// the order they were detected), else `nil`.
    mutating func heal(_ site: SiteID) -> [IncidentID]? {
        cuts[site.index] -= 1
        guard cuts[site.index] == 0 else { return nil }
        isCut[site.index] = false
        defer { hidden[site.index].removeAll() }
        return hidden[site.index]
    }

    /// A fault detected at an unreachable site waits for the site to return.
    mutating func hide(_ incident: IncidentID, at site: SiteID) {
        hidden[site.index].append(incident)
    }
}
