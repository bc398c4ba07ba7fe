import Experiments
import FleetModel
import Foundation
import ScenarioLoading
import Testing

/// The sweep's optimum against the exact optimum of the renewal-reward model, on a fleet where
/// that model holds exactly: one job on 8 nodes failing exponentially (job MTBF 5 h), blocking
/// checkpoints of 6 min, restart 6 min, reschedule 6 min, and spare nodes always free.
@Suite struct CheckpointSweepTests {
    static let scenario = """
        horizon: 8000h
        fleet:
          component_classes:
            node:
              time_to_failure: "exponential(mean: 40h)"
              repair_time: 1h
              part: none
              fault: hard
              blast_radius: node
              remediation: []
          rack_types:
            hgx: {nodes: 20, gpus_per_node: 8, components: {node: {per: node}}}
          sites:
            - {name: s, kind: on_prem, racks: {hgx: 1}, technicians: {count: 20}}
          training_jobs:
            - name: job
              gpus: 64
              checkpoint_interval: 2h
              checkpoint_write: 6min
              reschedule_delay: 6min
              restart_overhead: 6min
        """

    @Test func sweepFindsTheExactOptimumWithinTenPercent() throws {
        let scenario = try ScenarioLoader.parse(Self.scenario, file: "sweep.yaml", baseDirectory: URL(fileURLWithPath: "/"))
        let result = try CheckpointSweep.run(scenario, replications: 8, executor: LocalExecutor(threads: 2), seed: 3)
        let exact = CheckpointEfficiency(meanTimeBetweenFailures: 5, checkpoint: 0.1, restart: 0.1, downtime: 0.1).optimalWork
        #expect(abs(result.jobMTBF - 5) / 5 < 0.03, "measured job MTBF \(result.jobMTBF) h, true 5 h")
        #expect(result.points.count == 13)
        #expect(abs(result.optimum - exact) / exact < 0.10,
                "sweep optimum \(result.optimum) h (fitted \(String(describing: result.fitted)), best measured \(result.bestMeasured)), exact \(exact) h")
        #expect(abs(result.exactOptimum - exact) / exact < 0.03)
        #expect(abs(result.young - 1) < 0.03 && result.daly > 0)
    }

    @Test func sweepingAScenarioWithoutJobsIsAnError() throws {
        let scenario = try ScenarioLoader.parse(
            Self.scenario.components(separatedBy: "  training_jobs:")[0], file: "s.yaml", baseDirectory: URL(fileURLWithPath: "/"))
        #expect(throws: CheckpointSweep.SweepError.self) { try CheckpointSweep.run(scenario, replications: 2, executor: LocalExecutor(threads: 1), seed: 1) }
    }

    /// Two jobs whose checkpoints share a 10 Gb/s storage link (100 GB each: 80 s alone, 160 s
    /// together), interrupted only by site-wide failures (MTBF 50 h, back in 3 min), so they
    /// restart together and stay in lockstep. With `allJobs`, every checkpoint is shared: ETTR
    /// is the exact renewal model's with C = 160 s. Sweeping one job alone, its checkpoints meet
    /// the other's only sometimes, and it does better.
    static let sharedLink = """
        horizon: 8000h
        fleet:
          component_classes:
            feed:
              time_to_failure: "exponential(mean: 50h)"
              detection: 0s
              repair_time: 3min
              repaired_by: provider
              part: none
              fault: hard
              blast_radius: site
              remediation: []
          rack_types:
            hgx: {nodes: 2, gpus_per_node: 8}
          site_components:
            feed: {}
          sites:
            - {name: s, kind: on_prem, racks: {hgx: 1}, technicians: {count: 1}}
          network: {spine_gbps: 10000, storage_gbps: 10, wan_gbps: 10}
          training_jobs:
            - {name: a, gpus: 8, checkpoint_interval: 1h, checkpoint_size_gb: 100, reschedule_delay: 6min, restart_overhead: 6min}
            - {name: b, gpus: 8, checkpoint_interval: 1h, checkpoint_size_gb: 100, reschedule_delay: 6min, restart_overhead: 6min}
        """

    @Test func sweepingAllJobsTogetherSharesEveryCheckpoint() throws {
        let scenario = try ScenarioLoader.parse(Self.sharedLink, file: "shared.yaml", baseDirectory: URL(fileURLWithPath: "/"))
        let intervals = [0.75, 1.5, 3]
        let together = try CheckpointSweep.run(scenario, allJobs: true, intervals: intervals, replications: 8, executor: LocalExecutor(threads: 2), seed: 5)
        let alone = try CheckpointSweep.run(scenario, allJobs: false, intervals: intervals, replications: 8, executor: LocalExecutor(threads: 2), seed: 5)
        let exact = CheckpointEfficiency(meanTimeBetweenFailures: 50, checkpoint: 160.0 / 3600, restart: 0.1, downtime: 0.1)
        for (index, interval) in intervals.enumerated() {
            let shared = together.points[index].ettr
            let interval99 = try #require(shared.confidenceInterval(level: 0.99))
            #expect(interval99.contains(exact.efficiency(work: interval)),
                    "at \(interval) h: ETTR \(shared.mean), exact with C = 160 s \(exact.efficiency(work: interval))")
        }
        // At 1.5 h, job a's checkpoints meet b's (every hour) only at multiples of 3 h.
        let shared = together.points[1].ettr, single = alone.points[1].ettr
        #expect(single.mean - shared.mean > 3 * (single.standardError + shared.standardError),
                "one job swept: \(single.mean); all: \(shared.mean)")
    }
}
