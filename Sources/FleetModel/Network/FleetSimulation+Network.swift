import SimulationCore

// Reachability: a WAN cut hides a site from the management plane; when the last cut heals, the
// faults it hid surface and services fail back.
extension FleetSimulation {
    mutating func isolate(_ site: SiteID, calendar: inout EventCalendar<Event>) {
        _ = network.cut(site)
        networkChanged(calendar: &calendar)
    }

    mutating func reconnect(_ site: SiteID, calendar: inout EventCalendar<Event>) {
        guard let surfaced = network.heal(site) else { return }
        for hidden in surfaced {
            calendar.schedule(.repair(.detected(hidden)), after: self[modeOf: incidents[hidden]].detection.sample(using: streams.detection))
        }
        networkChanged(calendar: &calendar)
    }

    /// A site's reachability changed: services re-count and fail over.
    mutating func networkChanged(calendar: inout EventCalendar<Event>) {
        for index in workloads.services.indices { scaleService(index, calendar: &calendar) }
    }

    func isReachable(node: Int) -> Bool { network.isReachable(SiteID(siteOf(node: node))) }
}
