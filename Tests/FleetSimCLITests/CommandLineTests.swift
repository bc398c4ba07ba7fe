import Foundation
import Testing

/// End-to-end: the built `fleetsim` binary, as a user runs it.
@Suite(.serialized) struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `fleetsim` built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for directory in [beside, beside.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = directory.appendingPathComponent("fleetsim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/fleetsim")
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func fleetsim(_ arguments: [String], environment: [String: String]? = nil) async throws -> Outcome {
        try await run(binary, arguments, environment: environment)
    }

    /// Runs `executable` from the package root (environment entries added to the test's own).
    /// The wait happens on a thread of its own, not on one of the few threads Swift Testing runs
    /// tests on: a test waiting minutes for a subprocess would otherwise starve the tests beside
    /// it (an HTTP test's timers then fire late, and the suite fails on a two-core machine).
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], environment: [String: String]?) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-cli-\(UUID())")
    }

    /// Every file under `directory`, by path relative to it.
    static func files(in directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: directory.path) {
            var isDirectory: ObjCBool = false
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[name] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func sameSeedGivesIdenticalResultsOnOneThreadOrMany() async throws {
        let base = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        var outputs: [[String: Data]] = []
        for (name, threads) in [("a", "1"), ("b", "4"), ("c", "4")] {
            let directory = base.appendingPathComponent(name)
            let outcome = try await Self.fleetsim([
                "run", "scenarios/repair-pool.yaml", "--replications", "6", "--seed", "3",
                "--threads", threads, "--output", directory.path, "--quiet",
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            outputs.append(try Self.files(in: directory))
        }
        #expect(outputs[0].keys.sorted() == [".fleetsim-results", "metrics.csv", "replications.csv", "summary.json"])
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])

        let other = base.appendingPathComponent("d")
        _ = try await Self.fleetsim(["run", "scenarios/repair-pool.yaml", "-r", "6", "--seed", "4", "-o", other.path, "-q"])
        #expect(try Self.files(in: other)["summary.json"] != outputs[0]["summary.json"])
    }

    @Test(arguments: [
        ("horizon: [1y", "not valid YAML: did not find expected ',' or ']'", "bad.yaml:2:1:"),
        ("horizon: 1y\nrepair_pool:\n  machines: 4\n  technicians: 1\n  time_to_failure: \"exponential(rate: -0.5/h)\"\n  repair_time: 2h\n",
         "repair_pool.time_to_failure: 'exponential(rate: -0.5/h)'", "bad.yaml:5:20:"),
        ("horizon: 3 eons\nrepair_pool:\n  machines: 4\n  technicians: 1\n  time_to_failure: 100h\n  repair_time: 2h\n",
         "horizon: '3 eons' has unknown unit 'eons'", "bad.yaml:1:10:"),
    ])
    func badInputGivesAOneLineErrorAndWritesNothing(_ text: String, _ fragment: String, _ location: String) async throws {
        let base = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let scenario = base.appendingPathComponent("bad.yaml")
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let output = base.appendingPathComponent("out")
        let outcome = try await Self.fleetsim(["run", scenario.path, "--output", output.path])
        #expect(outcome.status != 0)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(fragment) && outcome.stderr.contains(location), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func missingScenarioFileIsNamed() async throws {
        let outcome = try await Self.fleetsim(["run", "scenarios/no-such-file.yaml"])
        #expect(outcome.status != 0 && outcome.stderr.contains("scenarios/no-such-file.yaml"))
    }

    @Test func helpTeachesWithExamples() async throws {
        let top = try await Self.fleetsim(["--help"])
        #expect(top.status == 0 && top.stdout.contains("fleetsim run scenarios/repair-pool.yaml"))
        let run = try await Self.fleetsim(["run", "--help"])
        #expect(run.status == 0 && run.stdout.contains("--replications") && run.stdout.contains("Examples"))
    }

    @Test func benchPrintsJSONWithTheDocumentedKeys() async throws {
        let outcome = try await Self.fleetsim(["bench", "--json", "--populations", "100,1000", "--events", "20000", "--repeats", "1",
                                               "--increment", "pareto"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [[String: Any]]
        #expect(rows.count == 2)
        // The keys README.md's Performance section lists.
        #expect(Set(rows[0].keys) == ["population", "engine_events_per_second", "bare_heap_events_per_second",
                                      "calendar_queue_events_per_second", "ladder_queue_events_per_second", "draws_per_second",
                                      "increment", "ratio"])
        #expect(rows.allSatisfy { $0["increment"] as? String == "pareto" && ($0["calendar_queue_events_per_second"] as! Int) > 0
                && ($0["ladder_queue_events_per_second"] as! Int) > 0 && ($0["draws_per_second"] as! Int) > 0 })
        #expect(rows.map { $0["population"] as! Int } == [100, 1000])
        #expect(rows.allSatisfy { ($0["engine_events_per_second"] as! Int) > 0 })
    }

    @Test func fleetBenchScalesTheScenariosSites() async throws {
        let outcome = try await Self.fleetsim(["bench", "--fleet", "scenarios/mixed-fleet.yaml", "--horizon", "30d",
                                         "--gpus", "3000,6000", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [[String: Any]]
        let gpus = rows.map { $0["gpus"] as! Int }
        #expect(gpus.count == 2 && gpus[0] >= 3000 && gpus[1] >= 6000 && gpus[1] < 2 * gpus[0] + 2200)
        #expect(rows.allSatisfy { ($0["events"] as! Int) > 0 && ($0["peak_resident_mib"] as! Int) > 0 })
    }

    @Test func everyShippedScenarioRunsOnAShortHorizon() async throws {
        let directory = Self.packageRoot.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 3)
        let base = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        for file in files {
            let output = base.appendingPathComponent(file)
            let outcome = try await Self.fleetsim(["run", "scenarios/\(file)", "--horizon", "10d", "-r", "2", "-o", output.path, "-q"])
            #expect(outcome.status == 0, "\(file): \(outcome.stderr)")
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("summary.json").path), "\(file)")
        }
    }

    @Test func fitPrintsFitsAndAScenarioBlockThatLoads() async throws {
        let base = Self.temporaryDirectory()
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let block = base.appendingPathComponent("block.yaml")
        let outcome = try await Self.fleetsim(["fit", "scenarios/data/lanl-system-20.csv", "--class-name", "lanl_node", "-o", block.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("2478 incidents") && outcome.stdout.contains("weibull") && outcome.stdout.contains("AIC"))
        let written = try String(contentsOf: block, encoding: .utf8)
        #expect(outcome.stdout.hasSuffix(written))
        #expect(written.contains("  lanl_node:\n    time_to_failure: \"weibull(shape: 0.4"))

        let missing = try await Self.fleetsim(["fit", "scenarios/data/lanl-system-20.csv", "--category", "Martians"])
        #expect(missing.status != 0 && missing.stderr.contains("categories present: Facilities, Hardware"))
    }

    @Test func checkpointSweepReportsTheOptimumAndTheFormulas() async throws {
        let base = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let outcome = try await Self.fleetsim(["checkpoint-sweep", "scenarios/llama3-405b-16k.yaml", "--horizon", "3d", "-r", "2",
                                         "--intervals", "5min,10min,20min,40min", "-o", base.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for label in ["job llama3-405b", "optimum (quadratic fit)", "Young", "Daly", "exact (exponential)"] {
            #expect(outcome.stdout.contains(label), "\(label) missing from \(outcome.stdout)")
        }
        let csv = try String(contentsOf: base.appendingPathComponent("checkpoint-sweep.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("interval_hours,ettr_mean,ci_low,ci_high,replications\n") && csv.split(separator: "\n").count == 5)

        let noJobs = try await Self.fleetsim(["checkpoint-sweep", "scenarios/mixed-fleet.yaml", "-r", "2"])
        #expect(noJobs.status != 0 && noJobs.stderr.contains("no training_jobs"))
    }

    @Test func benchRejectsBadPopulations() async throws {
        let outcome = try await Self.fleetsim(["bench", "--populations", "10,x"])
        #expect(outcome.status != 0 && outcome.stderr.contains("--populations"))
    }
}
