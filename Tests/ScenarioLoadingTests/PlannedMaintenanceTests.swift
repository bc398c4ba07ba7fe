import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics
import Testing

/// Training jobs' planned stops: no work lost, the downtime and restart counted apart from
/// unexpected interruptions, on their own random stream.
@Suite struct PlannedMaintenanceTests {
    /// One 64-GPU job on a fleet whose GPUs fail rarely (or, with `failing`, often enough to
    /// compare failure counts), checkpointing every 10 h at no cost.
    static func scenario(_ maintenance: String?, horizon: String = "950h", failing: Bool = false) throws -> Scenario {
        let plan = maintenance.map { ", planned_maintenance: \($0)" } ?? ""
        let text = """
            horizon: \(horizon)
            fleet:
              component_classes:
                gpu:
                  time_to_failure: "exponential(mean: \(failing ? "20000h" : "100000000h"))"
                  detection: 0s
                  repair_time: 1h
                  repaired_by: provider
                  part: none
                  fault: hard
                  blast_radius: node
                  remediation: []
              rack_types:
                hgx: {nodes: 12, gpus_per_node: 8, components: {gpu: {per: gpu}}}
              sites:
                - {name: s, kind: on_prem, racks: {hgx: 1}, technicians: {count: 1}}
              training_jobs:
                - {name: j, gpus: 64, checkpoint_interval: 10h, restart_overhead: 30min\(plan)}
            """
        return try ScenarioLoader.parse(text, file: "maintenance.yaml", baseDirectory: URL(fileURLWithPath: "/"))
    }

    static func values(_ scenario: Scenario, replication: Int = 0, seed: UInt64 = 3) -> [String: Double] {
        let result = scenario.replicate(replication, seed: seed)
        var values: [String: Double] = [:]
        for (metric, value) in zip(scenario.metrics, result.values) { values[metric.name] = value }
        return values
    }

    /// Every 100 h for 1 h, restart 0.5 h, 950 h: the first start loads for 0.5 h; stops at 100,
    /// 200, …, 900 (9), each costing 1.5 h; every stop commits its work, so of the 936 h computed
    /// only the last 8.5 h (since the checkpoint at 941.5) is uncommitted: ETTR 927.5 / 950.
    @Test func aScheduleLosesNoWorkAndCostsItsWindows() throws {
        let values = Self.values(try Self.scenario("{every: 100h, downtime: 1h}"))
        #expect(values["training_planned_interruptions"] == 9)
        #expect(abs(values["training_planned_maintenance_gpu_hours"]! - 9 * 1.5 * 64) < 1e-9)
        #expect(values["training_interruptions"] == 0 && values["training_lost_work_gpu_hours"] == 0)
        #expect(abs(values["training_ettr"]! - 927.5 / 950) < 1e-12, "ETTR \(values["training_ettr"]!)")
        // Without the plan, the metrics are not there at all.
        #expect(Self.values(try Self.scenario(nil))["training_planned_interruptions"] == nil)
    }

    /// At random, mean 50 h: a stop that falls while the job is already down (2.5 h after each
    /// stop) is skipped, so stops come once per 52.5 h of a renewal cycle: 5,000 h / 52.5.
    @Test func aPoissonPlanStopsAtItsRate() throws {
        let scenario = try Self.scenario("{mean_time_between: 50h, downtime: 2h}", horizon: "5000h")
        let counts = Replications.run(count: 40, threads: 2) { Self.values(scenario, replication: $0)["training_planned_interruptions"]! }
        let statistics = SampleStatistics(counts)
        let interval = try #require(statistics.confidenceInterval(level: 0.99))
        #expect(interval.contains(5000 / 52.5), "mean \(statistics.mean), 99% CI \(interval)")
    }

    /// The plan draws from its own stream: the fleet's failures are the same with it or without.
    @Test func failuresStayOnTheirOwnStream() throws {
        let with = Self.values(try Self.scenario("{mean_time_between: 40h, downtime: 3h}", horizon: "3000h", failing: true))
        let without = Self.values(try Self.scenario(nil, horizon: "3000h", failing: true))
        #expect(with["incidents"]! > 5 && with["incidents"] == without["incidents"])
    }

    @Test func aPlanNeedsExactlyOneSchedule() throws {
        for (plan, message) in [("{every: 1d, mean_time_between: 2d, downtime: 1h}", "exactly one"), ("{downtime: 1h}", "exactly one"),
                                ("{every: 1d}", "downtime"), ("{every: 1d, downtime: 1h, weekly: true}", "weekly")] {
            do {
                _ = try Self.scenario(plan)
                Issue.record("\(plan) was accepted")
            } catch { #expect("\(error)".contains(message), "\(plan): \(error)") }
        }
    }

    @Test func theMetricsAreDocumented() throws {
        let documentation = try String(contentsOf: OutputDocumentationTests.root.appendingPathComponent("docs/output.md"), encoding: .utf8)
        for name in ["training_planned_interruptions", "training_planned_maintenance_gpu_hours"] {
            #expect(documentation.contains("`\(name)`"), "\(name)")
        }
    }
}
