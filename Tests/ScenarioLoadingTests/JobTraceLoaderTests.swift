import FleetModel
import Foundation
import ScenarioLoading
import Testing

@Suite struct JobTraceLoaderTests {
    static func scenario(trace: String) throws -> Scenario {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jobtrace-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try trace.write(to: directory.appendingPathComponent("trace.csv"), atomically: true, encoding: .utf8)
        let text = Self.smallFleet(horizon: "10d") + """

              tenants:
                research: {quota_gpus: 64}
                product: {priority: 5}
              job_trace:
                file: trace.csv
                checkpoint_interval: 30min
            """
        try text.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: directory.appendingPathComponent("s.yaml").path)
    }

    /// A 128-GPU fleet of four 8-GPU HGX racks at one site, with `fleet:` open for more keys.
    static func smallFleet(horizon: String) -> String {
        """
        horizon: \(horizon)
        fleet:
          component_classes:
            server: {time_to_failure: "exponential(mean: 3692h)", repair_time: 1h, part: none, fault: hard, blast_radius: node}
          rack_types:
            hgx: {nodes: 4, gpus_per_node: 8, components: {server: {per: node}}}
          sites:
            - {name: s, kind: on_prem, racks: {hgx: 4}}
        """
    }

    /// A trace saved from Excel on Windows (CRLF, byte-order mark) used to load as zero jobs.
    @Test func aWindowsExportReadsAsTheSameJobs() throws {
        let unix = "submit_hours,gpus,duration_hours,priority,tenant,name\n0,8,2.5,0,research,a\n1.5,32,4,5,product,\"b, big\"\n"
        let windows = "\u{FEFF}" + unix.replacingOccurrences(of: "\n", with: "\r\n")
        guard case .fleet(let a) = try Self.scenario(trace: unix).model, case .fleet(let b) = try Self.scenario(trace: windows).model else {
            Issue.record("not a fleet"); return
        }
        #expect(a.configuration.trainingJobs.map(\.name) == ["a", "b, big"])
        #expect(b.configuration.trainingJobs.map(\.name) == ["a", "b, big"])
        #expect(b.configuration.trainingJobs.map(\.gpus) == [8, 32])
    }

    @Test func traceRowsBecomeJobsWithTheirTenantAndPriority() throws {
        let scenario = try Self.scenario(trace: "submit_hours,gpus,duration_hours,priority,tenant,name\n0,8,2.5,0,research,a\n1.5,32,4,5,product,b\n")
        guard case .fleet(let topology) = scenario.model else { Issue.record("not a fleet"); return }
        let jobs = topology.configuration.trainingJobs
        #expect(jobs.map(\.name) == ["a", "b"] && jobs.map(\.gpus) == [8, 32] && jobs.map(\.work) == [2.5, 4])
        #expect(jobs.map(\.tenant) == [0, 1] && jobs.map(\.priority) == [0, 5] && jobs.map(\.submitAt) == [0, 1.5])
        let result = scenario.replicate(0, seed: 1)
        let names = scenario.metrics.map(\.name)
        #expect(result.values[names.firstIndex(of: "training_jobs_submitted")!] == 2)
    }

    @Test(arguments: [
        ("submit_hours,gpus,duration_hours,priority\n0,8,2,0\n1,12,2,0\n", "trace.csv:3: 12 GPUs is not a whole number of nodes of 8 GPUs"),
        ("submit_hours,gpus,duration_hours,priority\n0,8,2,0\n1,x,2,0\n", "trace.csv:3: gpus 'x' is not a whole number"),
        ("submit_hours,gpus,duration_hours,priority\n0,8,-2,0\n", "trace.csv:2: duration_hours '-2' is not a positive number"),
        ("submit_hours,gpus,duration_hours,priority\n0,1024,2,0\n", "trace.csv:2: job 'trace-1' needs 1024 GPUs (with hot spares) but the fleet has 128"),
        ("submit_hours,gpus,duration_hours,priority,tenant\n0,8,2,0,sales\n", "trace.csv:2: tenant 'sales' is not defined (tenants: research, product)"),
        ("submit_hours,gpus,priority\n0,8,0\n", "has no column 'duration_hours'"),
    ])
    func malformedRowsNameTheirLine(_ trace: String, _ fragment: String) {
        #expect {
            try Self.scenario(trace: trace)
        } throws: { error in
            "\(error)".contains("fleet.job_trace.file") && "\(error)".contains(fragment)
        }
    }
}
