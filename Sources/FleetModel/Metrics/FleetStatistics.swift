import SimulationCore
import Stochastics

/// What a fleet replication observes, from the end of the warm-up to the horizon.
struct FleetStatistics {
    let topology: FleetTopology
    var start: SimTime = 0

    var usable: TimeWeightedAverage
    /// Per site, everything observed of it in one record: a failure or repair at one of tens of
    /// thousands of sites then reaches one record, not one array per figure.
    var sites: [SiteStatistics]
    /// Faults waiting for a technician, fleet-wide.
    var technicianQueue = TimeWeightedAverage()
    var technicianWait = Tally()

    var failures: [[Int]]            // [class][mode]
    var correlatedFailures = 0
    var traceFailuresWhileDown = 0
    var preemptions = 0
    /// Jobs that started after the reservation the scheduler gave them (see the scheduler).
    var reservationsMissed = 0
    var detectionTimes: [Double] = []
    var resolutionTimes: [Double] = []
    var resolvedByAutomation = 0
    var resolvedWithoutUserImpact = 0
    var technicianTouches = 0
    var technicianHours = 0.0
    /// Parts consumed, by the component class that needed them.
    var partsConsumedByClass: [Int]
    var remediationAttempts = 0
    var partsReplaced = 0
    var stockouts = 0
    var partWait = Tally()
    /// Hours alerts took to cross the WAN to the management plane (with a network).
    var alertDeliveryHours: [Double] = []
    var capacitySamples: [(time: SimTime, usable: Int, waitingForTechnician: Int, busyTechnicians: Int)] = []

    init(topology: FleetTopology) {
        self.topology = topology
        usable = TimeWeightedAverage(value: Double(topology.gpuCount))
        sites = topology.siteInstalledGPUs.map { SiteStatistics(usable: TimeWeightedAverage(value: Double($0))) }
        failures = topology.configuration.componentClasses.map { Array(repeating: 0, count: $0.modes.count) }
        partsConsumedByClass = Array(repeating: 0, count: topology.configuration.componentClasses.count)
    }

    /// Parts consumed, by part name (those consumed at least once).
    var partsConsumed: [String: Int] {
        var consumed: [String: Int] = [:]
        for (componentClass, count) in zip(topology.configuration.componentClasses, partsConsumedByClass) where count > 0 {
            if let part = componentClass.part { consumed[part, default: 0] += count }
        }
        return consumed
    }

    /// Forgets the warm-up: counts restart, averages restart from the current state.
    mutating func restart(at time: SimTime, ledger: CapacityLedger, crews: [Int]) {
        let fresh = FleetStatistics(topology: topology)
        let samples = capacitySamples
        var queue = technicianQueue
        queue.restart(at: time)
        self = fresh
        start = time
        capacitySamples = samples
        technicianQueue = queue
        usable = TimeWeightedAverage(value: Double(ledger.totalUsable), at: time)
        for site in sites.indices {
            sites[site].usable = TimeWeightedAverage(value: Double(ledger.usable(site: site)), at: time)
            sites[site].techniciansBusy = TimeWeightedAverage(value: Double(crews[site]), at: time)
        }
    }

    mutating func capacityChanged(by change: Int, site: Int, at time: SimTime, ledger: CapacityLedger) {
        guard change != 0 else { return }
        usable.update(to: Double(ledger.totalUsable), at: time)
        sites[site].usable.update(to: Double(ledger.usable(site: site)), at: time)
    }

    mutating func recordFailure(componentClass: Int, mode: Int, site: Int, at time: SimTime) {
        failures[componentClass][mode] += 1
        sites[site].failures += 1
    }

    mutating func recordDetection(after delay: Double, failedAt: SimTime) {
        if failedAt >= start { detectionTimes.append(delay) }
    }

    /// `technicianHours`: the hands-on work, if a technician did it (nil otherwise).
    mutating func recordResolution(after duration: Double, failedAt: SimTime, byAutomation: Bool, technicianHours hours: Double?,
                                   site: Int, impactedUsers: Bool) {
        guard failedAt >= start else { return }
        resolutionTimes.append(duration)
        if !impactedUsers { resolvedWithoutUserImpact += 1 }
        if byAutomation { resolvedByAutomation += 1 }
        if let hours {
            technicianTouches += 1
            sites[site].touches += 1
            sites[site].technicianHours += hours
        }
    }

    mutating func recordStockout(site: Int) {
        stockouts += 1
        sites[site].stockouts += 1
    }

    mutating func recordPartWait(_ wait: Double) { partWait.add(wait) }

    mutating func techniciansBusyChanged(site: Int, busy: Int, at time: SimTime) {
        sites[site].techniciansBusy.update(to: Double(busy), at: time)
    }

    mutating func technicianQueueChanged(by change: Int, at time: SimTime) {
        technicianQueue.add(Double(change), at: time)
    }

    mutating func recordTechnicianWait(_ wait: Double, failedAt: SimTime) {
        if failedAt >= start { technicianWait.add(wait) }
    }

    mutating func sampleCapacity(at time: SimTime, usable: Int, busyTechnicians: Int) {
        capacitySamples.append((time, usable, Int(technicianQueue.value), busyTechnicians))
    }
}

/// What a replication observes of one site.
struct SiteStatistics {
    var usable: TimeWeightedAverage
    var techniciansBusy = TimeWeightedAverage()
    var failures = 0
    /// Hands-on repairs and hours of technician work, for costs.
    var touches = 0
    var technicianHours = 0.0
    var stockouts = 0
}
