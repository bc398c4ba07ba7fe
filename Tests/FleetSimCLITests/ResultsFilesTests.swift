import Foundation
import Testing

/// Results on disk: formats, all-or-nothing directories, and run records that replay.
@Suite(.serialized) struct ResultsFilesTests {
    @Test func jsonAndCSVFormats() async throws {
        let output = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        for (format, expected) in [("json", ["capacity.json", "incidents.json", "replications.json", "sites.json", "summary.json"]),
                                   ("both", ["capacity.csv", "capacity.json", "incidents.csv", "incidents.json", "metrics.csv",
                                             "replications.csv", "replications.json", "sites.csv", "sites.json", "summary.json"])] {
            let outcome = try await CommandLineTests.fleetsim(["run", "scenarios/mixed-fleet.yaml", "--horizon", "10d", "-r", "2", "-o", output.path,
                                                         "-q", "--format", format])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0 != ".fleetsim-results" }.sorted()
            #expect(files == expected)
        }
        let capacity = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("capacity.json"))) as? [[String: Any]]
        #expect(capacity?.first?["usable_gpus"] as? Double == 2160)
        #expect(capacity?.first?["replication"] as? Double == 0)
    }

    /// A run killed while it works leaves the previous complete results untouched, and no new
    /// file that looks complete; a first run killed leaves no results directory at all.
    @Test func aKilledRunLeavesNothingThatLooksComplete() async throws {
        let parent = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let output = parent.appendingPathComponent("results")
        let first = try await CommandLineTests.fleetsim(["run", "scenarios/repair-pool.yaml", "--horizon", "30d", "-r", "2", "-o", output.path, "-q"])
        #expect(first.status == 0)
        let before = try Data(contentsOf: output.appendingPathComponent("summary.json"))

        for (target, signal) in [(output, SIGKILL), (parent.appendingPathComponent("fresh"), SIGTERM)] {
            let process = Process()
            process.executableURL = CommandLineTests.binary
            process.arguments = ["run", "scenarios/llama3-405b-16k.yaml", "-r", "400", "--threads", "2", "-o", target.path, "-q"]
            process.currentDirectoryURL = CommandLineTests.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .seconds(1.5))
            #expect(process.isRunning, "the run is still working when killed")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationStatus != 0)
        }
        #expect(try Data(contentsOf: output.appendingPathComponent("summary.json")) == before, "the previous results are intact")
        let left = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { !$0.hasPrefix(".") }
        #expect(left == ["results"], "no new results directory: \(left)")
    }

    @Test func aRecordedRunReplaysAndATamperedOneSaysWhere() async throws {
        let output = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try await CommandLineTests.fleetsim(["run", "scenarios/runbook-comparison.yaml", "--horizon", "20d", "-r", "2", "--record",
                                                 "-o", output.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let log = output.appendingPathComponent("events.jsonl")
        let replay = try await CommandLineTests.fleetsim(["replay", log.path, "--threads", "1"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("replay matches: 2 replications"))

        var lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count > 100)
        // Events name what they concern, not table indices: `detected(incident 0: gpu 3177)`.
        let events = lines.dropFirst().filter { $0.contains("\"event\"") }
        #expect(events.contains { $0.range(of: #"detected\(incident \d+: [a-z_]+ \d+\)"#, options: .regularExpression) != nil })
        #expect(!events.contains { $0.contains("component ") || $0.contains("(site ") || $0.contains("(job ") }, "an index where a name belongs")
        let target = lines.indices.first { $0 > 40 && lines[$0].contains("\"event\":\"sample\"") }!
        lines[target] = lines[target].replacingOccurrences(of: "\"event\":\"sample\"", with: "\"event\":\"warmupEnded\"")
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        let tampered = try await CommandLineTests.fleetsim(["replay", log.path])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("replay diverges at \(log.path):\(target + 1)"), "\(tampered.stderr)")
        #expect(tampered.stderr.contains("recorded: {\"event\":\"warmupEnded\""))

        // A header is input too: a runaway horizon or replication count is refused up front.
        let original = lines[0]
        for (key, value, message) in [("horizon_hours", "1e12", "a horizon of 1000000000000.0 h"),
                                      ("replications", "-1", "-1 replications"),
                                      ("replications", "1000000000", "1000000000 replications")] {
            var header = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
            header[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
            lines[0] = String(decoding: try JSONSerialization.data(withJSONObject: header, options: .sortedKeys), as: UTF8.self)
            try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
            let hostile = try await CommandLineTests.fleetsim(["replay", log.path])
            #expect(hostile.status == 1)
            #expect(hostile.stderr.contains("\(log.path):1: the header asks for \(message)"), "\(hostile.stderr)")
        }
    }
}
