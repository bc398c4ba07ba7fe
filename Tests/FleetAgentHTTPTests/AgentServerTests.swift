import FleetAgent
import FleetAgentHTTP
import FleetPolicy
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// The agent over real HTTP on loopback (Hummingbird's live test server and client).
@Suite struct AgentServerTests {
    static let runbooks = """
        guard_rails:
          max_cordoned_per_rack: 2
          max_cordoned_per_site: 5
          circuit_breaker: {failures: 5, within: 1h, cooldown: 2h}
          approval: {beyond_cordoned_per_rack: 1}
        runbooks:
          - name: off-bus
            match: {signal: GPUFellOffBus}
            on_resolve: uncordon
            steps:
              - {id: cordon, action: cordon, on_success: reboot, on_failure: escalate, on_denied: ticket}
              - {id: reboot, action: reboot, timeout: 30min, on_success: uncordon, on_failure: ticket}
              - {id: ticket, action: openTicket, with: {team: hw, severity: high}, on_success: uncordon}
              - {id: uncordon, action: uncordon}
        """
    static let tokens = TokenTable(["view-token": .viewer, "op-token": .operator, "approve-token": .approver])

    /// A server whose output lines are collected.
    final class LineSink: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    final class Harness: Sendable {
        let sink = LineSink()
        let server: AgentServer<RunbookPolicy>

        init(runbooks: String = AgentServerTests.runbooks, maxBodyBytes: Int = 64 * 1024, bodyTimeout: Duration = .seconds(30)) throws {
            let file = try RunbookFile.parse(runbooks, file: "r.yaml")
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let sink = self.sink
            let host = try AgentHost(agent: Agent(runbooks: file), execute: false, logger: logger) { line in sink.append(line) }
            server = AgentServer(host: host, tokens: AgentServerTests.tokens, maxBodyBytes: maxBodyBytes, bodyTimeout: bodyTimeout)
        }

        var output: [[String: Any]] {
            sink.all.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        }

        /// Requests go through the agent's router and middleware in process (HummingbirdTesting's
        /// `.router`): the routes, tokens, limits and decisions are what is tested here, and an
        /// in-process client has no read timeout for a busy test machine to trip (the suite runs
        /// beside long subprocess tests on two cores). Sockets are tested live in SlowClientTests
        /// and, through the binary, in FleetSimCLITests.AgentCommandTests.
        func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            let app = Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.router, body)
        }
    }

    static func webhook(_ alerts: [(fingerprint: String, node: String, rack: String, status: String)]) -> ByteBuffer {
        let items = alerts.map { alert in
            """
            {"status":"\(alert.status)","labels":{"alertname":"GPUFellOffBus","node":"\(alert.node)","rack":"\(alert.rack)","site":"dc1","severity":"critical"},\
            "annotations":{"summary":"GPU fell off the bus"},"startsAt":"2026-11-29T03:00:00Z","endsAt":"0001-01-01T00:00:00Z",\
            "generatorURL":"http://prometheus:9090/graph","fingerprint":"\(alert.fingerprint)"}
            """
        }
        return ByteBuffer(string: """
            {"version":"4","groupKey":"{}:{alertname=\\"GPUFellOffBus\\"}","truncatedAlerts":0,"status":"firing","receiver":"fleetsim",\
            "groupLabels":{"alertname":"GPUFellOffBus"},"commonLabels":{"alertname":"GPUFellOffBus"},"commonAnnotations":{},\
            "externalURL":"http://alertmanager:9093","alerts":[\(items.joined(separator: ","))]}
            """)
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func alertsBecomeKubectlPlansOnlyWithTheRightToken() async throws {
        let harness = try Harness()
        try await harness.test { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            let body = Self.webhook([("fp1", "gpu-node-1", "r1", "firing")])
            try await client.execute(uri: "/v1/alerts", method: .post, body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/alerts", method: .post, headers: Self.bearer("wrong"), body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/alerts", method: .post, headers: Self.bearer("view-token"), body: body) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/alerts", method: .post, headers: Self.bearer("op-token"), body: body) { #expect($0.status == .accepted) }
            try await client.execute(uri: "/v1/state", method: .get, headers: Self.bearer("view-token")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"firing_alerts\":[\"fp1\"]"))
            }
        }
        let output = harness.output
        #expect(output.count == 1)
        #expect(output.first?["kubectl"] as? String == "kubectl cordon gpu-node-1")
        #expect(output.first?["status"] as? String == "planned")
    }

    @Test func badBodiesAreRefusedAndTheAgentKeepsServing() async throws {
        let harness = try Harness(maxBodyBytes: 2048)
        try await harness.test { client in
            let op = Self.bearer("op-token")
            for bad in ["{", "[]", #"{"version":"4"}"#, #"{"version":"9","status":"firing","receiver":"r","alerts":[]}"#] {
                try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: ByteBuffer(string: bad)) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
            let huge = ByteBuffer(string: String(repeating: " ", count: 10_000) + "{}")
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: huge) { #expect($0.status == .contentTooLarge) }
            try await client.execute(uri: "/v1/inputs", method: .post, headers: op, body: ByteBuffer(string: "{\"type\":\"nope\"}\n")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("line 1"))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: Self.webhook([("fp", "n1", "r1", "firing")])) {
                #expect($0.status == .accepted)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("fleetsim_agent_requests_refused_total{reason=\"malformed\"} 5"))
                #expect(text.contains("fleetsim_agent_requests_refused_total{reason=\"too_large\"} 1"))
                #expect(text.contains("fleetsim_agent_actions_planned_total 1"))
            }
        }
    }

    /// The second cordon in a rack is beyond the approval limit: it waits until an approver
    /// approves it — not a viewer, and not the operator token that sent the alert.
    @Test func actionsBeyondTheBlastRadiusWaitForAnApprover() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let op = Self.bearer("op-token"), viewer = Self.bearer("view-token"), approver = Self.bearer("approve-token")
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: Self.webhook([("a", "n1", "r1", "firing")]))
            try await client.execute(uri: "/v1/inputs", method: .post, headers: op,
                                     body: ByteBuffer(string: #"{"type":"outcome","id":1,"outcome":"succeeded"}"# + "\n"))
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: Self.webhook([("b", "n2", "r1", "firing")]))
            try await client.execute(uri: "/v1/actions/pending", method: .get, headers: viewer) { response in
                let pending = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(pending?.map { $0["target"] as? String } == ["n2"])
                #expect(pending?.first?["id"] as? Int == 3)
            }
            try await client.execute(uri: "/v1/actions/3/approve", method: .post, headers: viewer) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/actions/3/approve", method: .post, headers: op) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/alerts", method: .post, headers: approver, body: Self.webhook([("c", "n3", "r2", "firing")])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/actions/3/approve", method: .post, headers: approver) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/actions/3/approve", method: .post, headers: approver) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/actions/pending", method: .get, headers: viewer) { #expect(String(buffer: $0.body) == "[]\n") }
        }
        let statuses = harness.output.filter { $0["target"] as? String == "n2" }.map { $0["status"] as? String }
        #expect(statuses == ["awaiting_approval", "approved"])
    }

    /// After the cordon is done, the alert resolves: the runbook's `on_resolve: uncordon` runs.
    @Test func aResolvedAlertIsHandledAsTheRunbookSays() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let op = Self.bearer("op-token")
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: Self.webhook([("a", "n1", "r1", "firing")]))
            try await client.execute(uri: "/v1/inputs", method: .post, headers: op,
                                     body: ByteBuffer(string: #"{"type":"outcome","id":1,"outcome":"succeeded"}"# + "\n"))
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: Self.webhook([("a", "n1", "r1", "resolved")]))
        }
        let planned = harness.output.filter { $0["status"] as? String == "planned" }.compactMap { $0["kubectl"] as? String }
        #expect(planned == ["kubectl cordon n1", "kubectl label node n1 fleetsim.io/reboot=requested --overwrite", "kubectl uncordon n1"])
    }

    /// 500 alerts at once over 5 racks of one site: never more than 2 cordons issued per rack nor
    /// 5 per site; failed reboots open the circuit breaker, and /metrics says so.
    @Test func guardRailsHoldUnderABurstOf500Alerts() async throws {
        let harness = try Harness(maxBodyBytes: 1 << 20)
        try await harness.test { client in
            let op = Self.bearer("op-token")
            let alerts = (0..<500).map { i in (fingerprint: "f\(i)", node: "n\(i)", rack: "r\(i % 5)", status: "firing") }
            try await client.execute(uri: "/v1/alerts", method: .post, headers: op, body: Self.webhook(alerts)) { #expect($0.status == .accepted) }
            // Every cordon succeeds, then every reboot fails.
            for status in ["cordon", "reboot"] {
                let ids = harness.output.filter { $0["action"] as? String == status && $0["status"] as? String != "finished" }.compactMap { $0["id"] as? Int }
                let lines = ids.map { "{\"type\":\"outcome\",\"id\":\($0),\"outcome\":\"\(status == "cordon" ? "succeeded" : "failed")\"}" }
                try await client.execute(uri: "/v1/inputs", method: .post, headers: op, body: ByteBuffer(string: lines.joined(separator: "\n"))) {
                    #expect($0.status == .accepted)
                }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("fleetsim_agent_circuit_breaker_open 1"))
                #expect(text.contains("fleetsim_agent_circuit_breaker_trips_total 1"))
                #expect(text.contains("fleetsim_agent_signals_total 500"))
                #expect(!text.contains("fleetsim_agent_guard_rail_denials_total 0\n"))
            }
        }
        var perRack: [String: Int] = [:]
        let cordons = harness.output.filter { $0["action"] as? String == "cordon" && ["planned", "awaiting_approval"].contains($0["status"] as? String) }
        for cordon in cordons { perRack[(cordon["labels"] as? [String: String])?["rack"] ?? "?", default: 0] += 1 }
        #expect(cordons.count == 5, "r0..r4 at one site: the site limit (5) binds before the racks' (2 each)")
        #expect(perRack.values.allSatisfy { $0 <= 2 })
        #expect(harness.output.contains { $0["action"] as? String == "openTicket" }, "refused runs go to people")
    }
}
