@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// The scheduler's promises, checked event by event over random runs.
@Suite struct SchedulerTests {
    /// One site of `nodes` HGX-like nodes (8 GPUs each, NVLink inside a node); nodes fail
    /// exponentially with `nodeMTBF` (nil: never).
    static func fleet(nodes: Int, nodeMTBF: Double?, horizon: Double) -> FleetConfiguration {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses = [ComponentClass(
            name: "node", timeToFailure: nodeMTBF.map { .exponential(mean: $0) } ?? .deterministic(1e12),
            modes: [FailureMode(name: "down", share: 1, fault: .hard, blastRadius: .node, detection: .deterministic(0), remediation: [])],
            repairTime: .deterministic(3), repairedBy: .technicians, part: nil)]
        configuration.rackTypes = [RackType(name: "hgx", nodes: 4, gpusPerNode: 8, nvlinkDomain: .node, powerKilowatts: 10,
                                            components: [Placement(componentClass: 0, level: .node, count: 1)])]
        configuration.siteComponents = []
        configuration.sites = [configuration.sites[0]]
        configuration.sites[0].racks = [RackCount(rackType: 0, count: nodes / 4)]
        configuration.sites[0].technicians.count = 100
        configuration.horizon = horizon
        configuration.sampleInterval = horizon
        return configuration
    }

    static func template(tenant: Int = 0, priority: Int = 0) -> TrainingJobSpec {
        TrainingJobSpec(name: "t", gpus: 8, checkpointInterval: 1, checkpointWrite: 0.05,
                        rescheduleDelay: .deterministic(0.1), restartOverhead: .deterministic(0.1), tenant: tenant, priority: priority)
    }

    /// Runs to the horizon, calling `check` after every event.
    static func run(_ configuration: FleetConfiguration, seed: UInt64, check: (FleetSimulation, SimTime) -> Void) -> FleetSimulation {
        let topology = FleetTopology(configuration)
        var model = FleetSimulation(topology: topology, masterSeed: seed, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        model.start(calendar: &calendar)
        while let event = calendar.next(before: configuration.horizon) {
            model.handle(event, calendar: &calendar)
            check(model, calendar.now)
        }
        return model
    }

    @Test func aHigherPriorityJobPreemptsALowerOne() {
        var configuration = Self.fleet(nodes: 8, nodeMTBF: nil, horizon: 100)
        var low = Self.template(priority: 0)
        low.name = "low"; low.gpus = 64; low.work = 20
        var high = Self.template(priority: 5)
        high.name = "high"; high.gpus = 32; high.work = 5; high.submitAt = 3
        configuration.trainingJobs = [low, high]
        let model = Self.run(configuration, seed: 1) { _, _ in }
        #expect(model.workloads.jobs[1].startedAt == 3, "the high-priority job starts on arrival")
        #expect(model.workloads.jobs[0].interruptions[model.preemptionCause] == 1 && model.statistics.preemptions == 1)
        #expect(model.workloads.jobs[0].completedAt != nil && model.workloads.jobs[1].completedAt != nil)
        #expect(model.workloads.jobs[0].completedAt! > model.workloads.jobs[1].completedAt!)
    }

    /// Without failures the plan is the outcome: no job may start after the reservation it was
    /// given as head of the queue, over 30 random mixes of sizes, lengths and priorities — and
    /// backfilling must actually happen, or the check proves nothing.
    @Test func backfillNeverDelaysTheHeadsReservation() {
        var backfilled = 0, reservations = 0
        for seed in 1...30 {
            var configuration = Self.fleet(nodes: 16, nodeMTBF: nil, horizon: 400)
            var template = Self.template()
            template.priority = 0
            configuration.jobArrivals = [JobArrivalProcess(
                name: "mix", meanInterarrival: 1.5, gpuChoices: [8, 32, 64, 128], gpuWeights: [0.4, 0.3, 0.2, 0.1],
                work: .lognormal(mu: 1.5, sigma: 0.8), template: template, until: 300)]
            let model = Self.run(configuration, seed: UInt64(seed)) { _, _ in }
            #expect(model.statistics.reservationsMissed == 0, "seed \(seed): \(model.statistics.reservationsMissed) jobs started after their reservation")
            reservations += model.workloads.jobs.filter { $0.reservation != nil }.count
            let started = model.workloads.jobs.indices.filter { model.workloads.jobs[$0].startedAt != nil }
            backfilled += started.filter { later in
                started.contains { earlier in earlier < later && model.workloads.jobs[earlier].startedAt! > model.workloads.jobs[later].startedAt! }
            }.count
        }
        #expect(reservations > 50 && backfilled > 50, "reservations \(reservations), backfilled jobs \(backfilled)")
    }

    /// With failures, preemption and quotas: after every event, every running job holds only
    /// healthy nodes, no node has two jobs, and no tenant holds more than its quota.
    @Test func jobsNeverRunOnFailedNodesAndQuotasHold() {
        for seed in 1...10 {
            var configuration = Self.fleet(nodes: 32, nodeMTBF: 200, horizon: 500)
            configuration.tenants = [Tenant(name: "research", quotaGPUs: 128, priority: 0), Tenant(name: "prod", priority: 5)]
            configuration.jobArrivals = [
                JobArrivalProcess(name: "research", meanInterarrival: 2, gpuChoices: [8, 32, 64], gpuWeights: [0.5, 0.3, 0.2],
                                  work: .exponential(mean: 8), template: Self.template(tenant: 0, priority: 0), until: 450),
                JobArrivalProcess(name: "prod", meanInterarrival: 10, gpuChoices: [64, 128], gpuWeights: [0.5, 0.5],
                                  work: .exponential(mean: 5), template: Self.template(tenant: 1, priority: 5), until: 450),
            ]
            var checks = 0
            let model = Self.run(configuration, seed: UInt64(seed)) { model, _ in
                checks += 1
                var owner = [Int: Int]()
                var held = [0, 0]
                for (index, job) in model.workloads.jobs.enumerated() where job.holdsNodes {
                    held[model.workloads.jobSpecs[index].tenant] += model.workloads.jobSpecs[index].gpus
                    for node in job.nodes {
                        #expect(owner.updateValue(index, forKey: Int(node)) == nil, "node \(node) held twice")
                        #expect(model.workloads.nodeOwner[Int(node)] == Int32(index))
                        if job.isRunning {
                            #expect(model.ledger.isFullyUsable(node: Int(node), topology: model.topology), "job \(index) runs on failed node \(node)")
                        }
                    }
                }
                #expect(held[0] <= 128, "research holds \(held[0]) GPUs over its quota of 128")
            }
            #expect(checks > 500 && model.workloads.jobs.count > 100)
            #expect(model.workloads.jobs.contains { $0.interruptions[0] > 0 }, "failures interrupted jobs")
        }
    }
}
