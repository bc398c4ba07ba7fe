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

    /// With --execute, kubectl runs (here a stand-in that records its arguments): a cordon's
    /// exit status is its outcome, so the runbook moves on to the reset, which is handed to the
    /// node operator as a label and waits for its outcome.
    @Test func executeRunsKubectl() throws {
        let directory = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("calls.txt")
        let fake = directory.appendingPathComponent("kubectl")
        try "#!/bin/sh\necho \"$@\" >> '\(log.path)'\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)

        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["agent", "--runbooks", "runbooks/closed-loop.yaml", "--stdin", "--execute", "--kubectl", fake.path,
                             "--log-level", "error"]
        process.currentDirectoryURL = Self.root
        let input = Pipe(), out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        try process.run()
        input.fileHandleForWriting.write(Data(#"{"type":"signal","signal":"GPUFellOffBus","labels":{"node":"n3","rack":"r0","site":"dc1"}}"#.utf8 + [10]))
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let calls = try String(contentsOf: log, encoding: .utf8)
        #expect(calls == "cordon n3\nlabel node n3 fleetsim.io/gpu-reset=requested --overwrite\n")
        let statuses = Self.objects(stdout).map { "\($0["action"]!) \($0["status"]!)" }
        #expect(statuses == ["cordon planned", "cordon executed", "cordon finished", "resetGPU planned", "resetGPU executed"])
    }

    /// A kubectl that hangs is stopped after --kubectl-timeout and its action fails, so the
    /// runbook goes on (the cordon fails: escalate) instead of the agent waiting for ever.
    @Test func aHangingKubectlTimesOut() throws {
        let directory = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("kubectl")
        try "#!/bin/sh\nexec sleep 600\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["agent", "--runbooks", "runbooks/closed-loop.yaml", "--stdin", "--execute", "--kubectl", fake.path,
                             "--kubectl-timeout", "1s", "--log-level", "critical"]
        process.currentDirectoryURL = Self.root
        let input = Pipe(), out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        let started = Date()
        try process.run()
        input.fileHandleForWriting.write(Data(#"{"type":"signal","signal":"GPUFellOffBus","labels":{"node":"n3","rack":"r0","site":"dc1"}}"#.utf8 + [10]))
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(started) < 300, "the agent waited for the hanging kubectl")
        let cordon = Self.objects(stdout).filter { $0["action"] as? String == "cordon" }
        #expect(cordon.last?["status"] as? String == "finished" && cordon.last?["outcome"] as? String == "failed", "\(stdout)")
    }
}
