import FleetAgent
import FleetAgentHTTP
import FleetAgentJournal
import FleetPolicy
import Foundation
import Hummingbird
import Logging
import Testing

/// The journal: a host started on it is the host that stopped, whatever it was doing.
@Suite struct AgentJournalTests {
    static func host(journal: AgentJournal, sink: AgentServerTests.LineSink) throws -> AgentHost<RunbookPolicy> {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try AgentHost(agent: Agent(runbooks: try RunbookFile.parse(AgentServerTests.runbooks, file: "r.yaml")), execute: false,
                             journal: journal, logger: logger) { sink.append($0) }
    }

    static func body(_ alerts: [(String, String, String, String)]) -> Data {
        Data(buffer: AgentServerTests.webhook(alerts.map { (fingerprint: $0.0, node: $0.1, rack: $0.2, status: $0.3) }))
    }

    @Test func aRestartedHostHasTheSameStateIdsAndDeliveries() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let told = AgentServerTests.LineSink()
        let first = try Self.host(journal: try AgentJournal(path: path), sink: told)
        let burst = Self.body([("a", "n1", "r1", "firing"), ("b", "n2", "r1", "firing"), ("c", "n3", "r2", "firing")])
        try await first.receive(try AlertmanagerWebhook.decode(burst), body: burst)
        try await first.apply(.outcome(id: 1, outcome: .succeeded, time: AgentClock.now()))
        let pending = await first.pendingApproval.map(\.request.id)
        #expect(!pending.isEmpty, "the second cordon in r1 waits for approval")
        let before = await first.stateJSON()

        // A new process on the same journal (the first one is simply dropped, as after SIGKILL).
        let again = AgentServerTests.LineSink()
        let second = try Self.host(journal: try AgentJournal(path: path), sink: again)
        #expect(await second.stateJSON() == before)
        #expect(await second.pendingApproval.map(\.request.id) == pending, "pending approvals survive")
        #expect(again.all.isEmpty, "replaying writes nothing out and runs nothing")

        // Alertmanager sends the same notification again: nothing new happens.
        try await second.receive(try AlertmanagerWebhook.decode(burst), body: burst)
        #expect(again.all.isEmpty)
        // It resolves, and is delivered firing once more with the same start time: still nothing.
        let resolved = Self.body([("a", "n1", "r1", "resolved")])
        try await second.receive(try AlertmanagerWebhook.decode(resolved), body: resolved)
        let uncordon = again.all.count
        try await second.receive(try AlertmanagerWebhook.decode(burst), body: burst)
        #expect(again.all.count == uncordon, "a re-delivered firing alert is not acted on twice")

        // New work gets new ids, above every id issued before the restart.
        let issued = told.all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int }
        let fresh = Self.body([("d", "n9", "r9", "firing")])
        try await second.receive(try AlertmanagerWebhook.decode(fresh), body: fresh)
        let newIDs = again.all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int }
        #expect(newIDs.last.map { $0 > issued.max()! } == true, "ids \(newIDs) after \(issued)")

        // The journal holds every line any client was told, in order.
        let decisions = try AgentJournal(path: path).decisions()
        #expect(decisions == told.all + again.all)
    }
}
