import FleetModel
import Foundation
import Stochastics
import Testing
@testable import ScenarioLoading

/// Every CSV input — incident logs (`fit`), empirical distributions, job traces and demand
/// curves — reads the same from the files spreadsheets and other tools write: CRLF line ends,
/// a UTF-8 byte-order mark, no final line end, and quoted cells holding commas, doubled quotes
/// and line breaks (RFC 4180). Each case is one file written several ways; all must agree.
@Suite struct SpreadsheetCSVTests {
    /// The ways one table is written: as typed, as Excel on Windows saves it, and without the
    /// final line end some tools omit.
    /// (Line breaks inside quoted cells change with the file's: a cell keeps what the file holds.)
    static func dialects(_ unix: String) -> [(name: String, text: String)] {
        precondition(unix.hasSuffix("\n"))
        let crlf = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let unterminated = String(unix.unicodeScalars.dropLast())
        return [
            ("LF", unix),
            ("CRLF", crlf),
            ("Excel (BOM + CRLF)", "\u{FEFF}" + crlf),
            ("no final line end", unterminated),
            ("BOM + CRLF, no final line end", "\u{FEFF}" + unterminated.replacingOccurrences(of: "\n", with: "\r\n")),
        ]
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func incidentLogsForFitReadAlike() throws {
        // A note column with a comma, a quote and a line break, as a ticket export has.
        let unix = "time,node,category,repair_hours,note\n"
            + "2024-01-01 06:00,1,Hardware,2.5,\"GPU \"\"Xid 79\"\", fell off the bus\nreseated\"\n"
            + "2024-01-02 00:00,3,\"Software, kernel\",,\n"
            + "2024-01-03 12:00,2,Hardware,1,plain\n"
        let folder = try Self.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in Self.dialects(unix) {
            let url = folder.appendingPathComponent("log.csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            let records = try IncidentLog.read(path: url.path, format: .fleetsim)
            #expect(records.map(\.node) == [1, 3, 2], "\(name)")
            #expect(records.map(\.category) == ["Hardware", "Software, kernel", "Hardware"], "\(name)")
            #expect(records.map(\.repairHours) == [2.5, nil, 1], "\(name)")
            #expect(IncidentLog.timesBetweenFailures(records, per: .system).gaps == [18, 36], "\(name)")
        }
    }

    @Test func empiricalDistributionsReadAlike() throws {
        let unix = "node,comment,repair_minutes\n1,\"slow, then\nfast\",30\n2,ok,90\n3,\"\"\"quoted\"\"\",60\n"
        let folder = try Self.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let builder = DistributionBuilder(baseDirectory: folder)
        for (name, text) in Self.dialects(unix) {
            try text.write(to: folder.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
            let distribution = try builder.build(try DistributionSpec.parse("empirical(csv: r.csv, column: repair_minutes, unit: min)"))
            #expect(distribution == .empirical(EmpiricalSample([0.5, 1.5, 1])), "\(name)")
        }
    }

    @Test func jobTracesReadAlike() throws {
        let unix = "submit_hours,gpus,duration_hours,priority,tenant,name\n0,8,2.5,0,research,\"a\nsecond line\"\n1.5,32,4,5,product,\"b, \"\"big\"\"\"\n"
        for (name, text) in Self.dialects(unix) {
            guard case .fleet(let topology) = try JobTraceLoaderTests.scenario(trace: text).model else {
                Issue.record("not a fleet"); return
            }
            let jobs = topology.configuration.trainingJobs
            let names = jobs.map { $0.name.replacingOccurrences(of: "\r\n", with: "\n") }
            #expect(names == ["a\nsecond line", "b, \"big\""], "\(name)")
            #expect(jobs.map(\.gpus) == [8, 32] && jobs.map(\.work) == [2.5, 4] && jobs.map(\.submitAt) == [0, 1.5], "\(name)")
        }
    }

    @Test func demandCurvesReadAlike() throws {
        let unix = "hour,label,rps\n0,\"night, low\",100\n8,\"morning\nramp\",250\n20,evening,180\n"
        let folder = try Self.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = JobTraceLoaderTests.smallFleet(horizon: "2d") + """

              inference_services:
                - {name: chat, gpus_per_replica: 8, capacity_per_replica: 100, demand: {csv: demand.csv, hour_column: hour, value_column: rps}}
            """
        try scenario.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in Self.dialects(unix) {
            try text.write(to: folder.appendingPathComponent("demand.csv"), atomically: true, encoding: .utf8)
            guard case .fleet(let topology) = try ScenarioLoader.load(path: folder.appendingPathComponent("s.yaml").path).model else {
                Issue.record("not a fleet"); return
            }
            #expect(topology.configuration.inferenceServices.map(\.demand) == [.steps(times: [0, 8, 20], values: [100, 250, 180])], "\(name)")
        }
    }
}
