import SimulationCore

/// An open fault, from failure to repair.
struct Incident {
    var component: ComponentID
    var mode: Int32
    var site: SiteID
    /// What the fault takes out of service, if anything (a blast radius of `none` or a WAN cut
    /// takes no GPUs).
    var outageLevel: Level?
    var outageEntity: Int32
    var isolatesSite: Bool
    var failedAt: SimTime
    var nextStep: Int32 = 0
    var waitingForPartSince: SimTime = 0
    var queuedForTechnicianAt: SimTime = 0
    var dispatchedAt: SimTime = -1
    /// Repair time fixed by an incident trace (NaN: draw from the class).
    var repairTime: Double = .nan
    /// The node the fault is on (a rack's first node for rack-level parts); none for site parts.
    var node: NodeID?
    /// With a management plane: the human action (ticket, part) waiting on this repair.
    var awaitingRequest: Int?
    /// When the fault stopped harming: its node cordoned, or the fault cleared.
    var mitigatedAt: SimTime = .nan
    /// Whether users felt it: a running job interrupted or a service left short of replicas.
    var impactedUsers = false
    /// A degradation announced by a precursor, not yet a failure.
    var isPrecursor = false
    /// Its alert on its way to the management plane over the WAN, if any.
    var alertTransfer: FlowID?
    /// Whether the slot holds a live incident (closed slots wait for reuse).
    var isOpen = true
    /// The incident behind this one in its `IncidentLine` (−1: last, or in no line).
    var nextInLine: Int32 = -1

    init(component: ComponentID, mode: Int, site: SiteID, failedAt: SimTime, repairTime: Double = .nan) {
        self.component = component
        self.mode = Int32(mode)
        self.site = site
        outageLevel = nil
        outageEntity = 0
        isolatesSite = false
        self.failedAt = failedAt
        self.repairTime = repairTime
    }

    /// Whether people (a ticket, a part replacement) own the repair: automation must not end it.
    var isInPeoplesHands: Bool { awaitingRequest != nil }
}

/// The open incidents, in slots reused once closed, so that a long run keeps a table the size
/// of its largest backlog rather than of every fault it ever saw.
struct IncidentBook {
    private var slots: [Incident] = []
    private var freeSlots: [Int32] = []

    subscript(id: IncidentID) -> Incident {
        _read { yield slots[id.index] }
        _modify { yield &slots[id.index] }
    }

    /// Whether `id` names a slot that has held an incident (a label from outside may not).
    func contains(_ id: IncidentID) -> Bool { id.rawValue >= 0 && id.index < slots.count }

    mutating func open(_ incident: Incident) -> IncidentID {
        if let slot = freeSlots.popLast() {
            slots[Int(slot)] = incident
            return IncidentID(rawValue: slot)
        }
        slots.append(incident)
        return IncidentID(slots.count - 1)
    }

    /// Frees an incident's slot for reuse.
    mutating func close(_ id: IncidentID) {
        slots[id.index].isOpen = false
        freeSlots.append(id.rawValue)
    }

    /// The open incidents in slot order (which the policies' "oldest on the node" relies on).
    var open: some Sequence<(id: IncidentID, incident: Incident)> {
        slots.indices.lazy.filter { slots[$0].isOpen }.map { (IncidentID($0), slots[$0]) }
    }

    /// The first open incident, in slot order, that `matches`.
    func first(where matches: (Incident) -> Bool) -> IncidentID? {
        slots.indices.first { slots[$0].isOpen && matches(slots[$0]) }.map(IncidentID.init)
    }
}
