import SimulationCore
import Stochastics

/// One replication of the fleet: components fail, faults take capacity out by their blast
/// radius, the management plane detects them, automation tries remediation steps, and what is
/// left goes to the site's technicians (and spare parts) until the component is repaired.
///
/// The fleet is composed of subsystems, each a folder holding its state and its event enum:
/// failure processes (`Failures/`), the repair pipeline (`Repair/`), reachability and
/// transfers (`Network/`), training jobs and services (`Workloads/`), the management plane
/// (`Management/`), rolling upgrades (`Upgrades/`) and the observer (`Metrics/`). This type
/// holds one of each and routes each event to its subsystem's handler with one `switch`: static
/// dispatch, no existentials or closures on the event path. A subsystem's handler may change
/// others' state (a failure interrupts jobs, a repair frees a technician), which is why the
/// handlers are written on this type, in the subsystem's folder.
public struct FleetSimulation: SimulationModel {
    /// Adding a subsystem is one case here, and one in `handle`.
    public enum Event: Sendable {
        case failures(FailureEvent)
        case repair(RepairEvent)
        case workloads(WorkloadEvent)
        case management(ManagementEvent)
        case upgrades(UpgradeEvent)
        case metrics(MetricsEvent)
        case network(NetworkEvent)
    }

    let topology: FleetTopology
    /// Stored, not read through `topology`, so that the hot path does not copy it.
    let configuration: FleetConfiguration
    let streams: FleetStreams

    /// Usable capacity: the outages in force at every level (faults, cordons, upgrades).
    var ledger: CapacityLedger
    var failures: FailureProcesses
    var incidents = IncidentBook()
    var repair: RepairPipeline
    var network: NetworkState
    /// Transfers in flight over the links, when the scenario has a `network`.
    var transfers: FlowNetwork
    var workloads: Workloads
    /// The simulated management plane, when the scenario has one.
    var management: ManagementState?
    var upgrades: [UpgradeCampaignState]
    var statistics: FleetStatistics
    /// Every failure with its repair, kept only for calibration (`incidentHistory`).
    var history: [SimulatedIncident]?

    public init(topology: FleetTopology, masterSeed: UInt64, replication: Int) {
        self.topology = topology
        let configuration = topology.configuration
        self.configuration = configuration
        streams = FleetStreams(configuration: configuration, masterSeed: masterSeed, replication: replication)
        ledger = CapacityLedger(topology)
        failures = FailureProcesses(topology: topology)
        repair = RepairPipeline(configuration: configuration)
        network = NetworkState(siteCount: topology.siteCount)
        transfers = FlowNetwork(configuration: configuration.network)
        statistics = FleetStatistics(topology: topology)
        workloads = Workloads(configuration: configuration, nodeCount: topology.nodeCount,
                              causes: configuration.componentClasses.count + Self.extraCauses.count)
        management = configuration.management.map { ManagementState($0) }
        upgrades = Self.upgradeStates(topology: topology, stream: streams.upgrades)
    }

    /// Simulates one replication and returns its metrics (in the order of `metrics(for:)`) and
    /// tables; with `recordEvents`, also every event fired.
    public static func replicate(_ topology: FleetTopology, masterSeed: UInt64, replication: Int,
                                 recordEvents: Bool = false) -> ReplicationResult {
        var log: [String]? = recordEvents ? [] : nil
        var (model, calendar) = simulate(topology, masterSeed: masterSeed, replication: replication, recordingInto: &log)
        var result = model.result(replication: replication, calendar: calendar)
        result.eventLog = log
        return result
    }

    /// Runs one replication to its horizon and returns the model and calendar at the end.
    static func simulate(_ topology: FleetTopology, masterSeed: UInt64, replication: Int,
                         recordingInto log: inout [String]?, keepingHistory: Bool = false) -> (FleetSimulation, EventCalendar<Event>) {
        var model = FleetSimulation(topology: topology, masterSeed: masterSeed, replication: replication)
        if keepingHistory { model.history = [] }
        var calendar = EventCalendar<Event>(reservingCapacity: model.expectedPendingEvents)
        model.start(calendar: &calendar)
        calendar.run(&model, until: topology.configuration.horizon, recordingInto: &log)
        model.closeServiceAccounts(at: calendar.now)
        return (model, calendar)
    }

    /// What the event list should be sized for: a pending failure per component with a clock of
    /// its own, and room for the rest. Pooled classes keep their clock in a calendar timer, so
    /// sizing for every component reserved 32 bytes per component for nothing (a gigabyte of
    /// address space at ten million GPUs).
    var expectedPendingEvents: Int { failures.ownClockCount + 64 }

    /// Schedules every subsystem's first events (in an order fixed once and for all: it decides
    /// which of two simultaneous events runs first, and so the results).
    mutating func start(calendar: inout EventCalendar<Event>) {
        startFailureProcesses(calendar: &calendar)
        scheduleJobSources(calendar: &calendar)
        scheduleFalseAlarm(calendar: &calendar)
        startServices(calendar: &calendar)
        for (index, campaign) in configuration.upgrades.enumerated() {
            scheduleUpgradeStep(index, at: campaign.start, calendar: &calendar)
        }
        startMetrics(calendar: &calendar)
    }

    public mutating func handle(_ event: Event, calendar: inout EventCalendar<Event>) {
        switch event {
        case .failures(let event): handle(event, calendar: &calendar)
        case .repair(let event): handle(event, calendar: &calendar)
        case .workloads(let event): handle(event, calendar: &calendar)
        case .management(let event): handle(event, calendar: &calendar)
        case .upgrades(let event): handle(event, calendar: &calendar)
        case .metrics(let event): handle(event, calendar: &calendar)
        case .network(let event): handle(event, calendar: &calendar)
        }
    }
}

extension FleetSimulation.Event: CustomStringConvertible {
    /// The subsystem's own event (`sample`, `detected(incident 3)`): what the run record and
    /// invariant reports show, the same whichever subsystem carries it.
    public var description: String {
        switch self {
        case .failures(let event): "\(event)"
        case .repair(let event): "\(event)"
        case .workloads(let event): "\(event)"
        case .management(let event): "\(event)"
        case .upgrades(let event): "\(event)"
        case .metrics(let event): "\(event)"
        case .network(let event): "\(event)"
        }
    }
}
