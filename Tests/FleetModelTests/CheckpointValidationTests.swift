@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// One training job on k nodes of a fleet whose nodes fail exponentially (so the job fails at
/// rate k/M_node while it holds its nodes), blocking checkpoints, fixed restart and reschedule
/// times, and always enough healthy spare nodes: the simulated ETTR against the exact
/// renewal-reward efficiency `CheckpointEfficiency` (derived in its doc comment).
@Suite struct CheckpointValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let nodes: Int, nodeMTBF: Double, work: Double, checkpoint: Double, restart: Double, downtime: Double
        var jobMTBF: Double { nodeMTBF / Double(nodes) }
        var testDescription: String { "M=\(jobMTBF)h W=\(work)h C=\(checkpoint)h R=\(restart)h D=\(downtime)h" }
    }

    static func fleet(for c: Case, horizon: Double) -> FleetConfiguration {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses = [ComponentClass(
            name: "node", timeToFailure: .exponential(mean: c.nodeMTBF),
            modes: [FailureMode(name: "down", share: 1, fault: .hard, blastRadius: .node, detection: .deterministic(0), remediation: [])],
            repairTime: .deterministic(1), repairedBy: .technicians, part: nil)]
        // Twice the job's nodes, so that healthy replacements are always free.
        configuration.rackTypes = [RackType(name: "hgx", nodes: 2 * c.nodes + 4, gpusPerNode: 8, nvlinkDomain: .node,
                                            powerKilowatts: 10, components: [Placement(componentClass: 0, level: .node, count: 1)])]
        configuration.siteComponents = []
        configuration.sites = [configuration.sites[0]]
        configuration.sites[0].racks = [RackCount(rackType: 0, count: 1)]
        configuration.sites[0].technicians.count = 100
        configuration.horizon = horizon
        configuration.trainingJobs = [TrainingJobSpec(
            name: "job", gpus: 8 * c.nodes, checkpointInterval: c.work, checkpointWrite: c.checkpoint,
            rescheduleDelay: .deterministic(c.downtime), restartOverhead: .deterministic(c.restart))]
        return configuration
    }

    static func simulatedETTR(_ c: Case, replications: Int, horizon: Double, seed: UInt64) -> SampleStatistics {
        let configuration = fleet(for: c, horizon: horizon)
        let topology = FleetTopology(configuration)
        let index = FleetSimulation.metrics(for: configuration).firstIndex { $0.name == "training_ettr" }!
        let results = Replications.run(count: replications, threads: 2) {
            FleetSimulation.replicate(topology, masterSeed: seed, replication: $0)
        }
        return SampleStatistics(results.map { $0.values[index]! })
    }

    /// Within 0.5 percentage points, as the issue asks, and the exact value inside the 99% CI.
    @Test(arguments: [
        Case(nodes: 8, nodeMTBF: 80, work: 1, checkpoint: 0.1, restart: 0.25, downtime: 0.1),
        Case(nodes: 16, nodeMTBF: 64, work: 0.5, checkpoint: 0.05, restart: 0.1, downtime: 0.2),
        Case(nodes: 4, nodeMTBF: 200, work: 3, checkpoint: 0.3, restart: 0.5, downtime: 0.5),
        Case(nodes: 32, nodeMTBF: 320, work: 4, checkpoint: 0.2, restart: 1, downtime: 0.25),
    ])
    func ettrMatchesTheExactRenewalRewardEfficiency(_ c: Case) {
        let exact = CheckpointEfficiency(meanTimeBetweenFailures: c.jobMTBF, checkpoint: c.checkpoint,
                                         restart: c.restart, downtime: c.downtime).efficiency(work: c.work)
        let simulated = Self.simulatedETTR(c, replications: 10, horizon: 20_000, seed: 11)
        #expect(abs(simulated.mean - exact) < 0.005, "ETTR \(simulated.mean) vs exact \(exact)")
        #expect(simulated.confidenceInterval(level: 0.99)!.contains(exact),
                "exact \(exact) outside the 99% CI \(simulated.confidenceInterval(level: 0.99)!)")
    }

    @Test func youngAndDalyApproximateTheExactOptimum() {
        // C ≪ M: all three agree within a few percent; Daly is closer than Young.
        let model = CheckpointEfficiency(meanTimeBetweenFailures: 10, checkpoint: 0.05, restart: 0, downtime: 0)
        let exact = model.optimalWork
        #expect(abs(model.young - 1) < 1e-12)
        #expect(abs(model.daly - exact) < abs(model.young - exact))
        #expect(abs(model.daly - exact) / exact < 0.02)
        #expect(model.efficiency(work: exact) >= model.efficiency(work: exact * 1.05))
        #expect(model.efficiency(work: exact) >= model.efficiency(work: exact * 0.95))
    }
}

@Suite struct LostTimeByCauseTests {
    /// Lost GPU-hours by cause add up to the rolled-back work plus reschedule and reload time.
    @Test func lostHoursByCauseAddUp() {
        let c = CheckpointValidationTests.Case(nodes: 8, nodeMTBF: 80, work: 1, checkpoint: 0.1, restart: 0.25, downtime: 0.1)
        var configuration = CheckpointValidationTests.fleet(for: c, horizon: 2_000)
        configuration.trainingJobs[0].jobFailures = .exponential(mean: 30)
        let result = FleetSimulation.replicate(FleetTopology(configuration), masterSeed: 5, replication: 0)
        let names = FleetSimulation.metrics(for: configuration).map(\.name)
        func value(_ name: String) -> Double { result.values[names.firstIndex(of: name)!]! }
        let byCause = value("training_lost_gpu_hours_node") + value("training_lost_gpu_hours_job_software")
        let kinds = value("training_lost_work_gpu_hours") + value("training_downtime_gpu_hours") + value("training_restart_gpu_hours")
        // The first start's reload belongs to no interruption.
        let firstReload = 0.25 * 64
        #expect(value("training_lost_gpu_hours_node") > 0 && value("training_lost_gpu_hours_job_software") > 0)
        #expect(abs(byCause + firstReload - kinds) < 1e-6 * kinds, "by cause \(byCause) + \(firstReload) vs by kind \(kinds)")
    }
}
