import Foundation
import Reports
import SimulationCore
import Testing

@Suite struct ResultsWriterTests {
    static let run = RunResults(
        scenario: .init(name: "demo", file: "scenarios/demo.yaml", contentHash: "0123456789abcdef"),
        seed: 5, horizonHours: 100, warmupHours: 10,
        metrics: [
            Metric(name: "availability", unit: "fraction", description: "Up, over installed."),
            Metric(name: "mean_wait_hours", unit: "h", description: "Wait, with a comma, \"quoted\"."),
        ],
        replications: [
            ReplicationResult(index: 0, values: [0.9, nil], eventsFired: 10),
            ReplicationResult(index: 1, values: [0.8, 2], eventsFired: 12),
            ReplicationResult(index: 2, values: [0.7, 4], eventsFired: 11),
        ])

    @Test func replicationsCSVHasOneColumnPerMetric() throws {
        let files = try ResultsWriter().render(Self.run)
        let text = String(decoding: files["replications.csv"]!, as: UTF8.self)
        #expect(text == "replication,events_fired,availability,mean_wait_hours\n0,10,0.9,\n1,12,0.8,2.0\n2,11,0.7,4.0\n")
    }

    @Test func metricsCSVAndSummaryCarryTheConfidenceInterval() throws {
        let files = try ResultsWriter().render(Self.run)
        let metrics = String(decoding: files["metrics.csv"]!, as: UTF8.self).split(separator: "\n")
        #expect(metrics[0] == "metric,unit,replications,mean,ci_low,ci_high,ci_half_width,std_dev,min,max,description")
        #expect(metrics[2].hasSuffix(",\"Wait, with a comma, \"\"quoted\"\".\""))

        let json = try JSONSerialization.jsonObject(with: files["summary.json"]!) as! [String: Any]
        #expect(json["format"] as? String == "fleetsim.summary/1")
        #expect(json["seed"] as? Int == 5 && json["replications"] as? Int == 3 && json["events_fired"] as? Int == 33)
        let availability = (json["metrics"] as! [[String: Any]])[0]
        // Mean 0.8, sd 0.1, t_{0.975,2} = 4.302653: half-width 0.1 · 4.302653 / √3.
        #expect(abs((availability["mean"] as! Double) - 0.8) < 1e-12)
        #expect(abs((availability["ci_half_width"] as! Double) - 0.1 * 4.302652729749464 / 3.0.squareRoot()) < 1e-9)
        let wait = (json["metrics"] as! [[String: Any]])[1]
        #expect(wait["replications"] as? Int == 2)
        #expect(Set(availability.keys) == Set(wait.keys))
    }

    @Test func renderingIsByteIdenticalAndWritingLeavesNoTemporaryFiles() throws {
        let first = try ResultsWriter().render(Self.run)
        let second = try ResultsWriter().render(Self.run)
        #expect(first == second)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-results-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ResultsWriter().write(Self.run, to: directory)
        try ResultsWriter().write(Self.run, to: directory)  // overwrites in place
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ([ResultsFolderGuard.markerName] + ResultsWriter.fileNames).sorted())
        #expect(try Data(contentsOf: directory.appendingPathComponent("summary.json")) == first["summary.json"])
    }
}

extension ResultsWriterTests {
    /// JSON values follow the column's declared type, not the look of the text: a site named
    /// "1e3" once came out as 1000 and a region "0x10" as 16.
    @Test func jsonTablesAreTypedByTheirColumns() throws {
        var sites = ResultTable(name: "sites", columns: [.string("site"), .string("region"), .integer("gpus"), .number("availability"), .boolean("bad")])
        sites.append(["1e3", "0x10", "72", "0.5", "true"])
        sites.append(["007", "inf", "", "inf", "false"])
        let run = RunResults(scenario: Self.run.scenario, seed: 1, horizonHours: 10, warmupHours: 0, metrics: Self.run.metrics,
                             replications: [ReplicationResult(index: 0, values: [0.9, nil], eventsFired: 3, tables: [sites])])
        let files = try ResultsWriter().render(run, format: .both)
        let rows = try #require(try JSONSerialization.jsonObject(with: files["sites.json"]!) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[0]["site"] as? String == "1e3" && rows[0]["region"] as? String == "0x10")
        #expect(rows[0]["gpus"] as? Int == 72 && rows[0]["availability"] as? Double == 0.5 && rows[0]["bad"] as? Bool == true)
        #expect(rows[0]["replication"] as? Int == 0)
        #expect(rows[1]["site"] as? String == "007" && rows[1]["region"] as? String == "inf")
        #expect(rows[1]["gpus"] is NSNull && rows[1]["availability"] is NSNull && rows[1]["bad"] as? Bool == false)
        let text = String(decoding: files["sites.json"]!, as: UTF8.self)
        #expect(text.contains("\"site\" : \"1e3\"") && text.contains("\"bad\" : true") && text.contains("\"gpus\" : 72"))
        // The CSV is as before.
        #expect(String(decoding: files["sites.csv"]!, as: UTF8.self) == "replication,site,region,gpus,availability,bad\n0,1e3,0x10,72,0.5,true\n0,007,inf,,inf,false\n")
        let replications = try #require(try JSONSerialization.jsonObject(with: files["replications.json"]!) as? [[String: Any]])
        #expect(replications[0]["availability"] as? Double == 0.9 && replications[0]["mean_wait_hours"] is NSNull)
    }
}
