import DequeModule

/// The people and parts that repair faults: each site's technicians with their queue, and its
/// spare-part stocks with the faults waiting for a part.
///
/// Not `SimulationCore.ResourcePool`: a crew's capacity depends on the hour (business-hours
/// crews take no work at night unless someone is on call, and a queued fault then waits for the
/// next shift), and a stock is consumed and replenished by orders rather than borrowed and
/// returned. The pool's first-come-first-served discipline is the same.
struct RepairPipeline {
    struct Crew {
        var busy = 0
        var queue = Deque<IncidentID>()
        var shiftEventPending = false
    }

    struct Stock {
        var onHand: Int
        var onOrder = false
        var waiting = Deque<IncidentID>()
    }

    var crews: [Crew]
    var stocks: [[Stock]]
    /// Part name → index into the site's spare policies, per site.
    let spareIndex: [[String: Int]]

    init(configuration: FleetConfiguration) {
        crews = Array(repeating: Crew(), count: configuration.sites.count)
        stocks = configuration.sites.map { $0.spares.map { Stock(onHand: $0.initialStock) } }
        spareIndex = configuration.sites.map { site in
            Dictionary(uniqueKeysWithValues: site.spares.enumerated().map { ($1.part, $0) })
        }
    }

    /// Technicians busy, per site.
    var busyTechnicians: [Int] { crews.map(\.busy) }
    var totalBusyTechnicians: Int { crews.reduce(0) { $0 + $1.busy } }
}

/// The repair pipeline's events.
public enum RepairEvent: Sendable {
    case detected(IncidentID)
    case diagnosed(IncidentID)
    case remediationFinished(IncidentID)
    case handsOnStarts(IncidentID)
    case repaired(IncidentID)
    case partsArrive(site: SiteID, spare: Int32)
    case shiftStarts(site: SiteID)
}
