@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

@Suite struct InferenceServiceTests {
    /// Two sites of 8 nodes (8 GPUs each), each with a WAN link that never fails by itself.
    static func fleet(horizon: Double) -> FleetConfiguration {
        var configuration = SchedulerTests.fleet(nodes: 8, nodeMTBF: nil, horizon: horizon)
        configuration.sites.append(configuration.sites[0])
        configuration.sites[1].name = "b"
        configuration.componentClasses.append(ComponentClass(
            name: "wan", timeToFailure: .deterministic(1e12),
            modes: [FailureMode(name: "cut", share: 1, fault: .hard, blastRadius: .isolateSite, detection: .deterministic(0), remediation: [])],
            repairTime: .deterministic(5), repairedBy: .provider, part: nil))
        configuration.siteComponents = [Placement(componentClass: 1, level: .site, count: 1)]
        return configuration
    }

    static func service(failover: Bool = true, demand: DemandCurve = .constant(400)) -> InferenceServiceSpec {
        InferenceServiceSpec(name: "chat", priority: 10, gpusPerReplica: 8, capacityPerReplica: 100, demand: demand,
                             minReplicas: 1, rescheduleDelay: .deterministic(0.5), allowFailover: failover)
    }

    static func model(_ configuration: FleetConfiguration) -> (FleetSimulation, EventCalendar<FleetSimulation.Event>) {
        var model = FleetSimulation(topology: FleetTopology(configuration), masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        model.start(calendar: &calendar)
        return (model, calendar)
    }

    @Test func replicasFollowADiurnalDemand() {
        var configuration = Self.fleet(horizon: 48)
        configuration.inferenceServices = [Self.service(demand: .diurnal(mean: 500, amplitude: 0.5, peakHour: 14))]
        var (model, calendar) = Self.model(configuration)
        for hour in [2.5, 14.5, 26.5] {
            calendar.run(&model, until: hour)
            let required = configuration.inferenceServices[0].requiredReplicas(at: (hour - 0.5).rounded(.down))
            #expect(model.workloads.services[0].replicas.count == required, "hour \(hour)")
        }
        #expect(configuration.inferenceServices[0].requiredReplicas(at: 14) == 8)  // 750 / 100
        #expect(configuration.inferenceServices[0].requiredReplicas(at: 2) == 3)   // 250 / 100
        model.closeServiceAccounts(at: calendar.now)
        #expect(model.workloads.services[0].sloViolationHours == 0)
    }

    @Test func aLostReplicaIsMissedForItsRescheduleDelay() {
        var configuration = Self.fleet(horizon: 20)
        configuration.inferenceServices = [Self.service()]
        var (model, calendar) = Self.model(configuration)
        calendar.run(&model, until: 2)
        #expect(model.workloads.services[0].replicas.count == 4)
        let node = Int(model.workloads.services[0].replicas[0][0])
        model.fail(ComponentID(componentClass: 0, instance: node), calendar: &calendar)
        calendar.run(&model, until: 10)
        model.closeServiceAccounts(at: calendar.now)
        #expect(model.workloads.services[0].replicaLosses == 1 && model.workloads.services[0].replicas.count == 4)
        #expect(abs(model.workloads.services[0].sloViolationHours - 0.5) < 1e-9 && abs(model.workloads.services[0].shortfallReplicaHours - 0.5) < 1e-9)
    }

    @Test(arguments: [true, false])
    func aWANCutFailsOverOnlyWhenAllowed(_ failover: Bool) {
        var configuration = Self.fleet(horizon: 20)
        configuration.inferenceServices = [Self.service(failover: failover)]
        var (model, calendar) = Self.model(configuration)
        calendar.run(&model, until: 2)
        // Cut off (for 5 h) the site with replicas on it.
        let site = model.siteOf(node: Int(model.workloads.services[0].replicas[0][0]))
        let there = model.workloads.services[0].replicas.filter { model.siteOf(node: Int($0[0])) == site }.count
        #expect(there >= 1)
        model.fail(ComponentID(componentClass: 1, instance: site), calendar: &calendar)
        calendar.run(&model, until: 12)
        model.closeServiceAccounts(at: calendar.now)
        if failover {
            #expect(model.workloads.services[0].failovers == there && model.workloads.services[0].sloViolationHours == 0)
            #expect(model.workloads.services[0].replicas.count == 4, "the stand-ins are released again when the site returns")
        } else {
            #expect(model.workloads.services[0].failovers == 0 && abs(model.workloads.services[0].sloViolationHours - 5) < 1e-9)
        }
    }

    /// With a network, the stand-ins pull the model's weights (810 GB) over their site's WAN
    /// (100 Gb/s) before serving: k of them at once share it, so the service is short for
    /// k × 810 × 8 / 100 s, and each stand-in's pull takes that long.
    @Test func aWANLimitedFailoverIsShortWhileWeightsArrive() throws {
        var configuration = Self.fleet(horizon: 20)
        configuration.network = NetworkConfiguration(sites: Array(repeating: .init(spineGbps: 1e4, storageGbps: 400, wanGbps: 100,
                                                                                    latencySeconds: 0), count: 2))
        var service = Self.service()
        service.weightsGigabytes = 810
        configuration.inferenceServices = [service]
        var (model, calendar) = Self.model(configuration)
        calendar.run(&model, until: 2)
        #expect(model.workloads.services[0].loading.isEmpty, "replicas placed at the start are deployed already")
        let site = model.siteOf(node: Int(model.workloads.services[0].replicas[0][0]))
        let there = model.workloads.services[0].replicas.filter { model.siteOf(node: Int($0[0])) == site }.count
        model.fail(ComponentID(componentClass: 1, instance: site), calendar: &calendar)
        calendar.run(&model, until: 12)
        model.closeServiceAccounts(at: calendar.now)
        let pull = Double(there) * 810 * 8 / 100 / 3600
        let state = model.workloads.services[0]
        #expect(state.failovers == there && state.weightLoadHours.count == there)
        #expect(state.weightLoadHours.allSatisfy { abs($0 - pull) < 1e-9 }, "\(state.weightLoadHours) vs \(pull) h")
        #expect(abs(state.sloViolationHours - pull) < 1e-9, "short \(state.sloViolationHours) h, expected \(pull) h")
    }

    @Test func aServicePreemptsLowerPriorityTraining() {
        var configuration = Self.fleet(horizon: 30)
        var job = SchedulerTests.template(priority: 0)
        job.gpus = 64  // one whole site
        job.work = 20
        configuration.trainingJobs = [job]
        configuration.inferenceServices = [Self.service(demand: .steps(times: [0, 5], values: [0, 1200]))]
        configuration.inferenceServices[0].minReplicas = 0
        var (model, calendar) = Self.model(configuration)
        calendar.run(&model, until: 30)
        model.closeServiceAccounts(at: calendar.now)
        // From hour 5 the service needs 12 of the 16 nodes: the job's site is partly taken.
        #expect(model.workloads.services[0].replicas.count == 12)
        #expect(model.statistics.preemptions >= 1 && model.workloads.jobs[0].interruptions[model.preemptionCause] >= 1)
        #expect(model.workloads.services[0].sloViolationHours == 0)
    }
}
