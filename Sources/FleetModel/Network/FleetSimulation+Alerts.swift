import SimulationCore

// Alerts from sites other than the management plane's cross the WAN: a few kilobytes, sharing
// the uplinks with whatever else is moving (delayed when they are saturated or degraded), and
// held back for as long as a link on the way is cut.
extension FleetSimulation {
    mutating func sendAlertOverWAN(_ id: IncidentID, network: NetworkConfiguration, calendar: inout EventCalendar<Event>) {
        let site = incidents[id].site.index
        incidents[id].alertTransfer = startTransfer(path: network.alertPath(from: site), gigabits: network.alertGigabytes * 8,
                                                    purpose: .alert(id), calendar: &calendar)
    }

    mutating func alertArrived(_ id: IncidentID, transfer: FlowID, hours: Double, calendar: inout EventCalendar<Event>) {
        guard incidents[id].isOpen, incidents[id].alertTransfer == transfer else { return }
        incidents[id].alertTransfer = nil
        statistics.alertDeliveryHours.append(hours)  // (the warm-up's end starts the statistics afresh)
        deliverAlert(id, calendar: &calendar)  // (path latency, a millisecond, is left out)
    }

    /// An incident closes with its alert still on the way (a degradation that failed for real
    /// meanwhile): the alert is dropped.
    mutating func dropAlertInFlight(_ id: IncidentID, calendar: inout EventCalendar<Event>) {
        guard let transfer = incidents[id].alertTransfer else { return }
        incidents[id].alertTransfer = nil
        abandonTransfer(transfer, calendar: &calendar)
    }
}
