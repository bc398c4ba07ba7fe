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
        let result = try CheckpointSweep.run(scenario, replications: 8, threads: 2, seed: 3)
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
        #expect(throws: CheckpointSweep.SweepError.self) { try CheckpointSweep.run(scenario, replications: 2, threads: 1, seed: 1) }
    }
}
