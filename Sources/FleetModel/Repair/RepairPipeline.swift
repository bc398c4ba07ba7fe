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
        /// Its index among the site's spare policies, and the policy's reorder point (here, so
        /// that a hands-on repair reads this record and not the site's configuration).
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
    /// Per site, its stocks in the order of its spare policies.
    var stocks: RaggedTable<Stock>
    /// Per site and component class (site × classes + class): the element index in `stocks`
    /// of the class's part at the site, −1 when the class has no part or the site stocks none
    /// (indices, not part names: a name lookup hashed a string on every hands-on repair).
    private let stockOfClass: [Int32]
    private let classCount: Int
    /// Per component class: whether a hard fault of it consumes a part.
    let classHasPart: [Bool]

    init(configuration: FleetConfiguration) {
        crews = configuration.sites.map { Crew($0.technicians) }
        stepSuccess = configuration.remediationSteps.map { step in FaultKind.allCases.map { step.success[$0] ?? 0 } }
        let stocks = RaggedTable(configuration.sites.map { site in
            site.spares.enumerated().map { Stock(spare: Int32($0), reorderPoint: $1.reorderPoint, onHand: $1.initialStock) }
        })
        self.stocks = stocks
        classCount = configuration.componentClasses.count
        classHasPart = configuration.componentClasses.map { $0.part != nil }
        stockOfClass = configuration.sites.enumerated().flatMap { siteIndex, site in
            let spareIndex = Dictionary(uniqueKeysWithValues: site.spares.enumerated().map { ($1.part, $0) })
            return configuration.componentClasses.map { componentClass in
                Int32(componentClass.part.flatMap { spareIndex[$0] }.map { stocks.elementIndex(row: siteIndex, column: $0) } ?? -1)
            }
        }
    }

    /// The element index in `stocks` of `classIndex`'s part at `site`, if the site stocks it.
    func stock(site: SiteID, classIndex: Int) -> Int? {
        let index = stockOfClass[site.index * classCount + classIndex]
        return index < 0 ? nil : Int(index)
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
    case partsArrive(site: SiteID, spare: Int32)
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
