import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `fleetsim agent` as a process: JSON lines through stdin, and HTTP on loopback with a
/// graceful stop on SIGTERM.
@Suite(.serialized) struct AgentCommandTests {
    static let root = CommandLineTests.packageRoot

    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The committed parity recording through the binary's stdin: the issued actions are the
    /// golden ones (the simulator's).
    @Test func stdinReplaysTheParityRecording() throws {
        let fixtures = Self.root.appendingPathComponent("Tests/FleetAgentTests/Fixtures")
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["agent", "--runbooks", fixtures.appendingPathComponent("tight-runbooks.yaml").path, "--stdin", "--log-level", "error"]
        process.standardInput = try FileHandle(forReadingFrom: fixtures.appendingPathComponent("parity-inputs.jsonl"))
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        func key(_ object: [String: Any]) -> String {
            "\(object["id"] ?? "") \(object["action"] ?? "") \(object["target"] ?? "-") \(object["origin"] ?? "") \(object["needs_approval"] ?? "")"
        }
        let issued = Self.objects(stdout).filter { ["planned", "awaiting_approval"].contains($0["status"] as? String) }.map(key)
        let golden = Self.objects(try String(contentsOf: fixtures.appendingPathComponent("parity-actions.jsonl"), encoding: .utf8)).map(key)
        #expect(issued.count > 50)
        #expect(issued == golden)
    }

    /// Serve on a free port; a real Alertmanager notification becomes kubectl plans on stdout;
    /// SIGTERM stops the agent cleanly (status 0).
    @Test func servesAlertmanagerAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["agent", "--runbooks", "runbooks/closed-loop.yaml", "--listen", "127.0.0.1:0", "--log-level", "warning"]
        process.currentDirectoryURL = Self.root
        process.environment = ProcessInfo.processInfo.environment.merging(["FLEETSIM_AGENT_TOKENS": "operator:e2e-secret-0123456789"]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var banner = ""
        while !banner.contains("\n"), process.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(banner.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "banner: \(banner)")
        #expect(banner.contains("(dry run)"))

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/alerts")!)
        request.httpMethod = "POST"
        request.setValue("Bearer e2e-secret-0123456789", forHTTPHeaderField: "Authorization")
        request.httpBody = try Data(contentsOf: Self.root.appendingPathComponent("docs/agent/alertmanager-notification.json"))
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 202)
        let (_, health) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((health as? HTTPURLResponse)?.statusCode == 200)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let commands = Self.objects(stdout).compactMap { $0["kubectl"] as? String }
        #expect(commands == ["kubectl cordon gpu-node-17", "kubectl cordon gpu-node-18"])
    }

    /// Runs `fleetsim agent --stdin --execute` with a stand-in kubectl (a shell script) on one
    /// GPUFellOffBus signal; returns what it wrote on stdout and its exit status.
    static func executeWithFakeKubectl(script: (_ directory: URL) -> String, arguments: [String] = []) throws
        -> (stdout: String, status: Int32, directory: URL)
    {
        let directory = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fake = directory.appendingPathComponent("kubectl")
        try script(directory).write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["agent", "--runbooks", "runbooks/closed-loop.yaml", "--stdin", "--execute", "--kubectl", fake.path,
                             "--log-level", "critical"] + arguments
        process.currentDirectoryURL = Self.root
        let input = Pipe(), out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        try process.run()
        input.fileHandleForWriting.write(Data(#"{"type":"signal","signal":"GPUFellOffBus","labels":{"node":"n3","rack":"r0","site":"dc1"}}"#.utf8 + [10]))
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (stdout, process.terminationStatus, directory)
    }

    /// With --execute, kubectl runs (here a stand-in that records its arguments): a cordon's
    /// exit status is its outcome, so the runbook moves on to the reset, which is handed to the
    /// node operator as a label and waits for its outcome.
    @Test func executeRunsKubectl() throws {
        let run = try Self.executeWithFakeKubectl { "#!/bin/sh\necho \"$@\" >> '\($0.appendingPathComponent("calls.txt").path)'\n" }
        defer { try? FileManager.default.removeItem(at: run.directory) }
        #expect(run.status == 0)
        let calls = try String(contentsOf: run.directory.appendingPathComponent("calls.txt"), encoding: .utf8)
        #expect(calls == "cordon n3\nlabel node n3 fleetsim.io/gpu-reset=requested --overwrite\n")
        let statuses = Self.objects(run.stdout).map { "\($0["action"]!) \($0["status"]!)" }
        #expect(statuses == ["cordon planned", "cordon executed", "cordon finished", "resetGPU planned", "resetGPU executed"])
    }

    /// A kubectl that hangs is stopped after --kubectl-timeout and its action fails, so the
    /// runbook goes on (the cordon fails: escalate) instead of the agent waiting for ever.
    @Test func aHangingKubectlTimesOut() throws {
        let started = Date()
        let run = try Self.executeWithFakeKubectl(script: { _ in "#!/bin/sh\nexec sleep 600\n" }, arguments: ["--kubectl-timeout", "1s"])
        defer { try? FileManager.default.removeItem(at: run.directory) }
        #expect(Date().timeIntervalSince(started) < 300, "the agent waited for the hanging kubectl")
        let cordon = Self.objects(run.stdout).filter { $0["action"] as? String == "cordon" }
        #expect(cordon.last?["status"] as? String == "finished" && cordon.last?["outcome"] as? String == "failed", "\(run.stdout)")
    }

    /// A running agent with its stdout and the port it listens on.
    final class RunningAgent: @unchecked Sendable {
        let process = Process()
        let out = Pipe()
        let port: Int

        init(journal: String) throws {
            process.executableURL = CommandLineTests.binary
            process.arguments = ["agent", "--runbooks", "runbooks/closed-loop.yaml", "--listen", "127.0.0.1:0", "--journal", journal,
                                 "--log-level", "warning"]
            process.currentDirectoryURL = AgentCommandTests.root
            process.environment = ProcessInfo.processInfo.environment.merging(["FLEETSIM_AGENT_TOKENS": "operator:e2e-secret-0123456789"]) { $1 }
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            var banner = ""
            while !banner.contains("listening"), process.isRunning {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                banner += String(decoding: chunk, as: UTF8.self)
            }
            guard let port = banner.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no banner: \(banner)"])
            }
            self.port = port
        }

        func post(_ body: String) async -> Int? {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/alerts")!)
            request.httpMethod = "POST"
            request.setValue("Bearer e2e-secret-0123456789", forHTTPHeaderField: "Authorization")
            request.httpBody = Data(body.utf8)
            return (try? await URLSession.shared.data(for: request)).flatMap { ($0.1 as? HTTPURLResponse)?.statusCode }
        }
    }

    static func notification(_ index: Int) -> String {
        """
        {"version":"4","status":"firing","receiver":"fleetsim","alerts":[{"status":"firing","labels":{"alertname":"GPUFellOffBus",\
        "node":"gpu-node-\(index)","rack":"r\(index)","site":"dc1"},"startsAt":"2026-11-29T03:00:00Z","fingerprint":"f\(index)"}]}
        """
    }

    /// A burst of alerts, SIGKILL in the middle of it, a restart on the same journal: every
    /// decision a client was told is still there, ids go on from where they were, and
    /// Alertmanager re-sending what it sent before sets off nothing.
    @Test func aKilledAgentRestartsFromItsJournalWithNothingLost() async throws {
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("agent-journal-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journal + suffix) } }
        let first = try RunningAgent(journal: journal)
        // Eight clients at a time; the agent is killed as the 60th notification is acknowledged,
        // with others in flight.
        let accepted = await withTaskGroup(of: (Int, Int?).self) { group in
            var accepted: [Int] = [], next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { (index, await first.post(Self.notification(index))) }
            }
            for _ in 0..<8 { launch() }
            while let (index, status) = await group.next() {
                if status == 202 { accepted.append(index) }
                if accepted.count == 60 && first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) }
                if next < 300 && first.process.isRunning { launch() }
            }
            return accepted.sorted()
        }
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)
        let told = Self.objects(String(decoding: first.out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        #expect(accepted.count > 10 && accepted.count < 300, "\(accepted.count) accepted before the kill")

        let second = try RunningAgent(journal: journal)
        defer { kill(second.process.processIdentifier, SIGKILL) }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(second.port)/v1/state")!)
        request.setValue("Bearer e2e-secret-0123456789", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let state = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let open = (state["open_actions"] as? [[String: Any]]) ?? []
        let openIDs = Set(open.compactMap { $0["id"] as? Int }), openTargets = Set(open.compactMap { $0["target"] as? String })
        let toldIDs = Set(told.compactMap { $0["id"] as? Int })
        #expect(toldIDs.isSubset(of: openIDs), "decisions lost: \(toldIDs.subtracting(openIDs).sorted())")
        // Every acknowledged notification was taken (the guard rails then hold most of them back).
        let (metrics, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(second.port)/metrics")!)
        let signals = String(decoding: metrics, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("fleetsim_agent_signals_total ") }.flatMap { Int($0.split(separator: " ")[1]) }
        #expect((signals ?? 0) >= accepted.count, "\(signals ?? 0) signals after the restart, \(accepted.count) acknowledged")
        #expect(openTargets.isSubset(of: Set((0..<300).map { "gpu-node-\($0)" })))

        for index in accepted.prefix(20) { #expect(await second.post(Self.notification(index)) == 202) }
        #expect(await second.post(Self.notification(1000)) == 202)
        kill(second.process.processIdentifier, SIGTERM)
        second.process.waitUntilExit()
        let after = Self.objects(String(decoding: second.out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        #expect(!after.isEmpty && after.allSatisfy { ($0["labels"] as? [String: Any])?["node"] as? String == "gpu-node-1000" },
                "re-sent alerts acted on again: \(after)")
        // (Denied intents have no id.)
        #expect(after.lazy.compactMap { $0["id"] as? Int }.first.map { $0 > max(openIDs.max() ?? 0, toldIDs.max() ?? 0) } == true, "an id was reused")
    }
}

extension AgentCommandTests {
    /// `command` in a POSIX shell from the package root, with the built `fleetsim` on PATH.
    static func runShell(_ command: String) async throws -> CommandLineTests.Outcome {
        let path = CommandLineTests.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try await CommandLineTests.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], environment: ["PATH": path])
    }

    /// docs/agent/README.md's stdin example, run as written: the binary prints what the page
    /// shows (times aside, which are RFC 3339), a denial included.
    @Test func theDocumentedStdinExampleRunsAsShown() async throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/agent/README.md"), encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("$ ") && $0.contains("--stdin") })
        let shown = lines[(start + 1)...].prefix { $0 != "```" }
        let run = try await Self.runShell(String(lines[start].dropFirst(2)))
        #expect(run.status == 0, "\(run.stderr)")
        let time = #""time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z""#
        func masked(_ line: String) -> String { line.replacingOccurrences(of: time, with: "\"time\":T", options: .regularExpression) }
        #expect(shown.count >= 5 && shown.allSatisfy { $0.range(of: time, options: .regularExpression) != nil })
        #expect(run.stdout.split(separator: "\n").map { masked(String($0)) } == shown.map(masked))
        #expect(shown.contains { $0.contains(#""status":"denied""#) && $0.contains(#""reason":"max_cordoned_per_rack""#) && !$0.contains(#""id":"#) })
    }

    /// Bad inputs on stdin are reported with their line and skipped; the good ones still count.
    @Test func malformedStdinInputsNameTheirLine() async throws {
        let input = """
            {"type":"signal","signal":"XidError","labels":{"node":"n1","rack":"r1","site":"s"},"time":"2026-11-30T04:12:33Z"}
            this is not json
            {"type":"signal","signal":"XidError","time":"yesterday"}
            {"version":"3","status":"firing","receiver":"r","alerts":[]}
            {"type":"outcome","id":1,
              "outcome":"succeeded"}
            {"type":"signal",
            """
        let file = CommandLineTests.temporaryDirectory().appendingPathExtension("jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try input.write(to: file, atomically: true, encoding: .utf8)
        let run = try await Self.runShell("fleetsim agent --runbooks runbooks/closed-loop.yaml --stdin --log-level error < '\(file.path)'")
        #expect(run.status == 1)
        #expect(run.stderr.contains("stdin:2: not a JSON object: 'this is not json'"), "\(run.stderr)")
        #expect(run.stderr.contains("stdin:3: 'time' is 'yesterday'; expected an RFC 3339 time"), "\(run.stderr)")
        #expect(run.stderr.contains("stdin:4: version '3' is not supported"), "\(run.stderr)")
        #expect(run.stderr.contains("stdin:7: a JSON object opened here is never closed"), "\(run.stderr)")
        #expect(run.stderr.contains("4 input(s) were malformed and skipped"), "\(run.stderr)")
        let statuses = Self.objects(run.stdout).map { "\($0["status"] ?? "")" }
        #expect(statuses == ["planned", "finished", "planned"], "\(run.stdout)")
        #expect(Self.objects(run.stdout).first?["time"] as? String == "2026-11-30T04:12:33.000Z")
    }
}
