import SimulationCore
import Stochastics

/// The event-driven machine-repair system. Create one per replication with `init`, then `run`.
public struct RepairPoolModel: SimulationModel {
    public enum Event {
        case failure(machine: Int32)
        case repairCompleted(machine: Int32)
        case warmupEnded
    }

    /// Stream names: stable, so that a new stream elsewhere never shifts these draws.
    public static let failureStreamName = "repair_pool.time_to_failure"
    public static let repairStreamName = "repair_pool.repair_time"

    let configuration: RepairPoolConfiguration
    /// Each on its own stream, a draw ahead (the event list need not wait for `log1p`).
    var timeToFailure: PrefetchingSampler
    var repairTime: PrefetchingSampler

    var technicians: ResourcePool<(machine: Int32, failedAt: SimTime)>
    var machinesDown = TimeWeightedAverage()
    var queueLength = TimeWeightedAverage()
    var techniciansBusy = TimeWeightedAverage()
    var waitForTechnician = Tally()
    var timeToRestore = Tally()
    var failedAt: [SimTime]
    var failuresCounted = 0
    var statisticsStart: SimTime = 0

    public init(configuration: RepairPoolConfiguration, masterSeed: UInt64, replication: Int) {
        self.configuration = configuration
        timeToFailure = PrefetchingSampler(
            configuration.timeToFailure, masterSeed: masterSeed, streamName: Self.failureStreamName,
            replication: replication)
        repairTime = PrefetchingSampler(
            configuration.repairTime, masterSeed: masterSeed, streamName: Self.repairStreamName,
            replication: replication)
        technicians = ResourcePool(capacity: configuration.technicians)
        failedAt = Array(repeating: 0, count: configuration.machines)
    }

    /// Simulates one replication and returns its metrics, in the order of `metrics`.
    public static func replicate(
        _ configuration: RepairPoolConfiguration, masterSeed: UInt64, replication: Int, recordEvents: Bool = false
    ) -> ReplicationResult {
        var model = RepairPoolModel(
            configuration: configuration, masterSeed: masterSeed, replication: replication)
        var calendar = EventCalendar<Event>(reservingCapacity: configuration.machines + 1)
        model.start(calendar: &calendar)
        var log: [String]? = recordEvents ? [] : nil
        calendar.run(&model, until: configuration.horizon, recordingInto: &log)
        return ReplicationResult(
            index: replication, values: model.metricValues(at: calendar.now),
            eventsFired: calendar.eventsFired, eventLog: log)
    }

    mutating func start(calendar: inout EventCalendar<Event>) {
        for machine in 0..<configuration.machines {
            calendar.schedule(
                .failure(machine: Int32(machine)),
                after: timeToFailure.draw())
        }
        if configuration.warmup > 0 {
            calendar.schedule(.warmupEnded, at: configuration.warmup)
        }
    }

    public mutating func handle(_ event: Event, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        switch event {
        case .failure(let machine):
            failedAt[Int(machine)] = now
            if now >= statisticsStart { failuresCounted += 1 }
            machinesDown.add(1, at: now)
            if technicians.request((machine, now)) {
                startRepair(of: machine, failedAt: now, calendar: &calendar)
            }
            recordPoolState(at: now)
        case .repairCompleted(let machine):
            machinesDown.add(-1, at: now)
            let failed = failedAt[Int(machine)]
            if failed >= statisticsStart { timeToRestore.add(now - failed) }
            calendar.schedule(
                .failure(machine: machine),
                after: timeToFailure.draw())
            if let next = technicians.release() {
                startRepair(of: next.machine, failedAt: next.failedAt, calendar: &calendar)
            }
            recordPoolState(at: now)
        case .warmupEnded:
            statisticsStart = now
            machinesDown.restart(at: now)
            queueLength.restart(at: now)
            techniciansBusy.restart(at: now)
            waitForTechnician = Tally()
            timeToRestore = Tally()
            failuresCounted = 0
        }
    }

    mutating func recordPoolState(at now: SimTime) {
        queueLength.update(to: Double(technicians.queueLength), at: now)
        techniciansBusy.update(to: Double(technicians.busy), at: now)
    }

    mutating func startRepair(
        of machine: Int32, failedAt failed: SimTime, calendar: inout EventCalendar<Event>
    ) {
        let now = calendar.now
        if failed >= statisticsStart { waitForTechnician.add(now - failed) }
        calendar.schedule(
            .repairCompleted(machine: machine),
            after: repairTime.draw())
    }
}
