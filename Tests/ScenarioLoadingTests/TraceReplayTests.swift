import FleetModel
import Foundation
import ScenarioLoading
import Testing

/// Failures replayed from an incident log land on the logged node at the logged time, with the
/// logged repair time, and the traced class draws no failures of its own.
@Suite struct TraceReplayTests {
    static let log = """
        time,node,category,repair_hours
        2024-01-01 00:00,9,Hardware,5
        2024-01-01 10:00,1,Hardware,0.5
        2024-01-01 10:00,2,Software,
        2024-01-01 12:00,1,Hardware,1
        2024-01-03 00:00,3,Hardware,2
        """

    static func scenario(log: String = log, categories: String = "Hardware: {component: node, mode: hw}\n      Software: {component: node, mode: sw}",
                         start: String = "2024-01-01 06:00") -> String {
        """
        horizon: 1d
        replications: 2
        fleet:
          component_classes:
            node:
              time_to_failure: "exponential(mean: 1h)"
              detection: 0s
              repair_time: 100h
              part: none
              modes:
                hw: {share: 0.5, fault: hard, blast_radius: node, remediation: []}
                sw: {share: 0.5, fault: software, blast_radius: node, remediation: []}
          rack_types:
            r: {nodes: 4, gpus_per_node: 2, components: {node: {per: node}}}
          sites:
            - {name: s, kind: on_prem, racks: {r: 1}, technicians: {count: 4}}
          incident_trace:
            file: log.csv
            start: "\(start)"
            categories:
              \(categories)
        """
    }

    func load(_ scenario: String, log: String = Self.log) throws -> Scenario {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try log.write(to: directory.appendingPathComponent("log.csv"), atomically: true, encoding: .utf8)
        try scenario.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: directory.appendingPathComponent("s.yaml").path)
    }

    @Test func replayedFailuresFollowTheLog() throws {
        let scenario = try load(Self.scenario())
        guard case .fleet(let topology) = scenario.model else { Issue.record("not a fleet"); return }
        // Inside [06:00, 06:00 + 1 day): the three incidents of 10:00 and 12:00.
        let trace = try #require(topology.configuration.trace)
        #expect(trace.failures.map(\.time) == [4, 4, 6] && trace.failures.map(\.instance) == [1, 2, 1])
        #expect(trace.failures.map(\.mode) == [0, 1, 0] && trace.failures[1].repairTime == nil)

        let result = scenario.replicate(0, seed: 1)
        let names = scenario.metrics.map(\.name)
        func value(_ name: String) -> Double? { result.values[names.firstIndex(of: name)!] }
        // Node 1 is down 4–4.5 h (trace repair time), node 2 from 4 h to 104 h (the class's repair
        // time, beyond the horizon), so it is never resolved; node 1 again 6–7 h.
        #expect(value("incidents") == 3)
        #expect(value("trace_failures_while_down") == 0)
        #expect(value("mean_time_to_repair_hours") == 0.75)
        let downGPUHours = 2 * 0.5 + 2 * 20 + 2 * 1.0
        #expect(abs(value("availability")! - (1 - downGPUHours / (8 * 24))) < 1e-12)
        #expect(result == scenario.replicate(0, seed: 1))
    }

    @Test func unmappedCategoriesAndUnknownNodesAreErrors() {
        #expect {
            try load(Self.scenario(categories: "Hardware: {component: node, mode: hw}"))
        } throws: { error in
            "\(error)".contains("incident_trace.categories") && "\(error)".contains("category 'Software' (log.csv:4), which is not mapped")
        }
        #expect {
            try load(Self.scenario(start: "2023-12-31 23:00"))
        } throws: { error in
            "\(error)".contains("log.csv:2: node 9 has no node instance; the fleet has 4 (0 to 3)")
        }
        #expect {
            try load(Self.scenario(categories: "Hardware: {component: node, mode: hdw}\n      Software: {component: node, mode: sw}"))
        } throws: { error in
            "\(error)".contains("unknown failure mode of node 'hdw'; did you mean 'hw'?")
        }
    }
}
