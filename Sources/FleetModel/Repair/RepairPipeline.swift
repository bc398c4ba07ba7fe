import Stochastics

/// The people and parts that repair faults: each site's technicians with their queue, and its
/// spare-part stocks with the faults waiting for a part.
///
/// Not `SimulationCore.ResourcePool`: a crew's capacity depends on the hour (business-hours
/// crews take no work at night unless someone is on call, and a queued fault then waits for the
/// next shift), and a stock is consumed and replenished by orders rather than borrowed and
/// returned. The pool's first-come-first-served discipline is the same.
struct RepairPipeline {
    /// A site's technicians: what a dispatch reads, in one record (a dispatch that also read the
    /// site's configuration took a second cache miss per repair in a fleet of many sites).
    struct Crew {
        var busy: Int32 = 0
        /// Technicians on the crew (the site's `technicians.count`).
        let size: Int32
        var queue = IncidentLine()
        var shiftEventPending = false
        /// Whether the crew works around the clock (else business hours).
        let worksAllHours: Bool
        /// Whether someone is on call outside business hours (the response is then the
        /// configuration's `onCallResponse`, read on those rare dispatches only).
        let hasOnCall: Bool
        /// Time from dispatch to hands-on work during a shift.
        let response: Distribution

        init(_ technicians: TechnicianCrew) {
            size = Int32(technicians.count)
            worksAllHours = technicians.coverage == .allHours
            hasOnCall = technicians.onCallResponse != nil
            response = technicians.response
        }
    }

    struct Stock {
        /// Its index among the site's spare policies (−1: the site stocks none of this part),
        /// and the policy's reorder point (here, so that a hands-on repair reads this record
        /// and not the site's configuration).
        let spare: Int32
        let reorderPoint: Int
        var onHand: Int
        var onOrder = false
        var waiting = IncidentLine()
    }

    var crews: [Crew]
    /// Per remediation step: the probability that it clears a fault, by the fault's `slot`
    /// (an array, not the configuration's dictionary, which hashed on every attempt).
    let stepSuccess: [[Double]]
    /// The parts the component classes consume, in the order the classes first name them.
    let partNames: [String]
    /// Per component class: the number of the part a hard fault of it consumes, −1 for none.
    let partOfClass: [Int32]
    /// Per site and part (site × parts + part): the site's stock of the part, whether it keeps
    /// one or not. A stock is found by arithmetic: a table of where each class's stock sits
    /// was a second cache miss beside the stock's own on a hands-on repair in a fleet of many
    /// sites.
    var stocks: [Stock]

    init(configuration: FleetConfiguration) {
        crews = configuration.sites.map { Crew($0.technicians) }
        stepSuccess = configuration.remediationSteps.map { step in FaultKind.allCases.map { step.success[$0] ?? 0 } }
        var partNames: [String] = []
        for part in configuration.componentClasses.compactMap(\.part) where !partNames.contains(part) { partNames.append(part) }
        self.partNames = partNames
        partOfClass = configuration.componentClasses.map { componentClass in
            Int32(componentClass.part.flatMap { partNames.firstIndex(of: $0) } ?? -1)
        }
        stocks = configuration.sites.flatMap { site in
            partNames.map { part in
                guard let spare = site.spares.firstIndex(where: { $0.part == part }) else {
                    return Stock(spare: -1, reorderPoint: 0, onHand: 0)
                }
                return Stock(spare: Int32(spare), reorderPoint: site.spares[spare].reorderPoint, onHand: site.spares[spare].initialStock)
            }
        }
    }

    /// The index in `stocks` of `site`'s stock of part `part`.
    func stockIndex(site: SiteID, part: Int) -> Int { site.index * partNames.count + part }

    /// The part that stock `index` holds.
    func part(ofStock index: Int) -> Int { index % partNames.count }

    /// The index in `stocks` of `classIndex`'s part at `site`, if the site stocks it.
    func stock(site: SiteID, classIndex: Int) -> Int? {
        let part = partOfClass[classIndex]
        guard part >= 0 else { return nil }
        let index = stockIndex(site: site, part: Int(part))
        return stocks[index].spare < 0 ? nil : index
    }

    /// Technicians busy, per site.
    var busyTechnicians: [Int] { crews.map { Int($0.busy) } }
    var totalBusyTechnicians: Int { crews.reduce(0) { $0 + Int($1.busy) } }
}

/// The repair pipeline's events.
public enum RepairEvent: Sendable {
    case detected(IncidentID)
    case diagnosed(IncidentID)
    case remediationFinished(IncidentID)
    case handsOnStarts(IncidentID)
    case repaired(IncidentID)
    case partsArrive(site: SiteID, part: Int32)
    case shiftStarts(site: SiteID)
}

extension FaultKind {
    /// Its position in `allCases`, for tables indexed by fault kind.
    var slot: Int {
        switch self {
        case .transient: 0
        case .software: 1
        case .hard: 2
        }
    }
}
