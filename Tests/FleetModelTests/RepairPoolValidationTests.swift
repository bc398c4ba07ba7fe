import FleetModel
import SimulationCore
import Stochastics
import Testing

/// The simulated machine-repair system against the exact M/M/c//N stationary solution.
///
/// Each check asks that the exact value lies inside the simulation's 99% confidence interval
/// (30 replications, Student t). Four metrics on three systems make 12 checks, so the level is
/// 99% rather than 95% to keep the family-wise false-alarm rate near 10% (Bonferroni) while
/// a wrong model — a wrong queue discipline, a lost event, a mis-weighted average — is off by
/// many half-widths.
@Suite struct RepairPoolValidationTests {
    struct System: CustomTestStringConvertible, Sendable {
        let machines: Int, technicians: Int, mttf: Double, mttr: Double
        var testDescription: String { "N=\(machines) c=\(technicians) MTTF=\(mttf)h MTTR=\(mttr)h" }
    }

    static let systems = [
        System(machines: 10, technicians: 1, mttf: 50, mttr: 3),
        System(machines: 20, technicians: 2, mttf: 100, mttr: 8),
        System(machines: 64, technicians: 4, mttf: 500, mttr: 30),
    ]

    @Test(arguments: systems)
    func simulationMatchesTheExactSolution(_ system: System) {
        let exact = MachineRepairQueue(
            machines: system.machines, repairers: system.technicians,
            meanTimeToFailure: system.mttf, meanRepairTime: system.mttr)
        #expect(exact.repairerUtilisation > 0.5 && exact.repairerUtilisation < 0.95,
                "the issue asks for technician utilisation between 50% and 95%")

        let configuration = RepairPoolConfiguration(
            machines: system.machines, technicians: system.technicians,
            timeToFailure: .exponential(mean: system.mttf), repairTime: .exponential(mean: system.mttr),
            horizon: 20_000, warmup: 1_000)
        let results = Replications.run(count: 30, threads: 2) {
            RepairPoolModel.replicate(configuration, masterSeed: 2026, replication: $0)
        }
        func check(_ name: String, _ exactValue: Double) {
            let index = RepairPoolModel.metrics.firstIndex { $0.name == name }!
            let stats = SampleStatistics(results.map { $0.values[index]! })
            let interval = stats.confidenceInterval(level: 0.99)!
            #expect(interval.contains(exactValue),
                    "\(name): exact \(exactValue), simulated \(stats.mean) (99% CI \(interval))")
        }
        check("availability", exact.availability)
        check("mean_repair_queue_length", exact.meanQueueLength)
        check("mean_wait_for_technician_hours", exact.meanWait)
        check("technician_utilisation", exact.repairerUtilisation)
    }

    @Test func exactSolutionReducesToTheSingleMachineCase() {
        // One machine, one repairer: availability = MTTF / (MTTF + MTTR), no queue.
        let exact = MachineRepairQueue(machines: 1, repairers: 1, meanTimeToFailure: 90, meanRepairTime: 10)
        #expect(abs(exact.availability - 0.9) < 1e-12)
        #expect(exact.meanQueueLength == 0)
    }

    @Test func failureCountsFollowThePoissonProcess() {
        // With repairs 1000× shorter than the MTTF, N machines fail as a Poisson process of rate
        // ≈ N/MTTF: count mean and variance across replications both ≈ N·T/MTTF·availability.
        let configuration = RepairPoolConfiguration(
            machines: 50, technicians: 50, timeToFailure: .exponential(mean: 1000),
            repairTime: .deterministic(0.001), horizon: 10_000)
        let results = Replications.run(count: 400, threads: 2) {
            RepairPoolModel.replicate(configuration, masterSeed: 99, replication: $0)
        }
        let index = RepairPoolModel.metrics.firstIndex { $0.name == "failures" }!
        let counts = SampleStatistics(results.map { $0.values[index]! })
        let expected = 50 * 10_000 / 1000.0 * (1000 / 1000.001)
        #expect(abs(counts.mean - expected) < 4.5 * (expected / 400).squareRoot(),
                "mean count \(counts.mean), expected \(expected)")
        // Var(s²) for Poisson(μ) ≈ 2μ²/(n−1) for large μ.
        let variance = counts.standardDeviation * counts.standardDeviation
        #expect(abs(variance - expected) < 4.5 * expected * (2.0 / 399).squareRoot(),
                "count variance \(variance), expected \(expected)")
    }
}
