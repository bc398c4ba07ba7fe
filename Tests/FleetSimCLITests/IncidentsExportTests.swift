import Foundation
import Testing

/// `fleetsim export incidents`: the agent's journal becomes an incident log that `fit` reads.
@Suite(.serialized) struct IncidentsExportTests {
    typealias CLI = CommandLineTests

    static func alert(_ node: String?, _ name: String, fingerprint: String, status: String, startsAt: String, endsAt: String? = nil) -> String {
        var labels = "\"alertname\":\"\(name)\""
        if let node { labels += ",\"node\":\"\(node)\"" }
        let end = endsAt.map { ",\"endsAt\":\"\($0)\"" } ?? ""
        return "{\"version\":\"4\",\"status\":\"\(status)\",\"receiver\":\"fleetsim\",\"alerts\":[{\"status\":\"\(status)\",\"labels\":{\(labels)},"
            + "\"startsAt\":\"\(startsAt)\"\(end),\"fingerprint\":\"\(fingerprint)\"}]}"
    }

    @Test func theJournalBecomesAnIncidentLogThatFitReads() async throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = [
            Self.alert("n1", "XidError", fingerprint: "a1", status: "firing", startsAt: "2026-01-01T00:00:00Z"),
            Self.alert("n2", "GPUFellOffBus", fingerprint: "b1", status: "firing", startsAt: "2026-01-02T00:00:00Z"),
            Self.alert("n2", "GPUFellOffBus", fingerprint: "b1", status: "firing", startsAt: "2026-01-02T00:00:00Z"),  // repeated
            Self.alert("n1", "XidError", fingerprint: "a1", status: "resolved", startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-01-01T02:00:00Z"),
            Self.alert("n1", "XidError", fingerprint: "a1", status: "firing", startsAt: "2026-01-01T00:00:00Z"),  // redelivered after resolving
            Self.alert(nil, "XidError", fingerprint: "c1", status: "firing", startsAt: "2026-01-02T12:00:00Z"),  // no node
            Self.alert("n2", "GPUFellOffBus", fingerprint: "b1", status: "resolved", startsAt: "2026-01-02T00:00:00Z", endsAt: "2026-01-02T05:00:00Z"),
            Self.alert("n1", "XidError", fingerprint: "a1", status: "firing", startsAt: "2026-01-03T00:00:00Z"),
            Self.alert("n1", "XidError", fingerprint: "a1", status: "resolved", startsAt: "2026-01-03T00:00:00Z", endsAt: "2026-01-03T01:30:00Z"),
            #"{"type":"signal","signal":"NodeNotReady","labels":{"node":"n3"},"time":"2026-01-04T06:00:00Z"}"#,
            #"{"type":"signal","signal":"NodeNotReady","labels":{"node":"n3"},"time":"2026-01-04T07:00:00Z","firing":false}"#,
            Self.alert("n2", "GPUFellOffBus", fingerprint: "b2", status: "firing", startsAt: "2026-01-05T00:00:00Z"),  // still firing
        ]
        let input = folder.appendingPathComponent("input.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let journal = folder.appendingPathComponent("agent.sqlite").path
        let agent = try await AgentCommandTests.runShell(
            "fleetsim agent --runbooks runbooks/closed-loop.yaml --stdin --journal '\(journal)' --log-level error < '\(input.path)'")
        #expect(agent.status == 0, "\(agent.stderr)")

        let log = folder.appendingPathComponent("incidents.csv").path
        let export = try await CLI.fleetsim(["export", "incidents", journal, "-o", log])
        #expect(export.status == 0 && export.stderr.contains("5 incidents on 3 nodes; 1 alerts without a node label left out"), "\(export.stderr)")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == """
            time,node,category,repair_hours,node_name,actions
            2026-01-01 00:00:00.000,1,XidError,2.0000,n1,cordon:planned
            2026-01-02 00:00:00.000,2,GPUFellOffBus,5.0000,n2,cordon:planned
            2026-01-03 00:00:00.000,1,XidError,1.5000,n1,
            2026-01-04 06:00:00.000,3,NodeNotReady,1.0000,n3,cordon:planned
            2026-01-05 00:00:00.000,2,GPUFellOffBus,,n2,

            """)
        let fit = try await CLI.fleetsim(["fit", log, "--per", "system", "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(fit.status == 0 && document["incidents"] as? Int == 5 && document["nodes"] as? Int == 3, "\(fit.stderr)")

        let missing = try await CLI.fleetsim(["export", "incidents", folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 1 && missing.stderr.contains("none.sqlite: no such journal"))
        let notJournal = try await CLI.fleetsim(["export", "incidents", input.path])
        #expect(notJournal.status == 1 && notJournal.stderr.contains("not an agent journal"), "\(notJournal.stderr)")
    }
}
