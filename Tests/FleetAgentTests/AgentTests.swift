import FleetAgent
import FleetPolicy
import Foundation
import Testing

@Suite struct AgentTests {
    static let runbooks = """
        guard_rails:
          max_cordoned_per_rack: 2
          approval: {beyond_cordoned_per_rack: 1}
        runbooks:
          - name: off-bus
            match: {signal: GPUFellOffBus}
            on_resolve: uncordon
            steps:
              - {id: cordon, action: cordon, on_success: reset, on_failure: escalate}
              - {id: reset, action: resetGPU, timeout: 10min, on_success: uncordon, on_failure: ticket}
              - {id: ticket, action: openTicket, with: {team: hw, severity: high}, on_success: uncordon}
              - {id: uncordon, action: uncordon}
        """

    static func agent() throws -> Agent<RunbookPolicy> { Agent(runbooks: try RunbookFile.parse(runbooks, file: "r.yaml")) }

    static func alert(_ fingerprint: String, node: String, rack: String = "r1", status: String = "firing",
                      name: String = "GPUFellOffBus") -> AlertmanagerWebhook.Alert {
        AlertmanagerWebhook.Alert(status: status, labels: ["alertname": name, "node": node, "rack": rack, "site": "dc"],
                                  fingerprint: fingerprint)
    }

    static func notification(_ alerts: [AlertmanagerWebhook.Alert]) -> AlertmanagerWebhook {
        AlertmanagerWebhook(version: "4", status: "firing", receiver: "fleetsim", alerts: alerts)
    }

    /// Alertmanager repeats firing alerts in every notification of their group: one signal each.
    @Test func repeatedAlertsAreOneSignal() throws {
        var agent = try Self.agent()
        let first = agent.receive(Self.notification([Self.alert("a", node: "n1")]), at: 1)
        #expect(first.map(\.request.action) == [.cordon(node: "n1")])
        #expect(first[0].kubectl?.commandLine == "kubectl cordon n1")
        #expect(agent.receive(Self.notification([Self.alert("a", node: "n1")]), at: 2).isEmpty)
        #expect(agent.counters.signals == 1 && agent.firing.count == 1)
        let unknown = agent.receive(Self.notification([Self.alert("b", node: "n2", name: "DiskFull")]), at: 3)
        #expect(unknown.isEmpty && agent.counters.alertsUnrecognised == 1)
    }

    /// The runbook says `on_resolve: uncordon`: once the cordon is done, resolving the alert
    /// uncordons the node.
    @Test func aResolvedAlertRunsTheRunbooksResolveStep() throws {
        var agent = try Self.agent()
        _ = agent.receive(Self.notification([Self.alert("a", node: "n1")]), at: 1)
        let afterCordon = agent.apply(.outcome(id: 1, outcome: .succeeded, time: 1.01))
        #expect(agent.fleet.cordoned == ["n1"])
        #expect(afterCordon.last?.request.action == .resetGPU(node: "n1"))
        let resolved = agent.receive(Self.notification([Self.alert("a", node: "n1", status: "resolved")]), at: 1.05)
        #expect(resolved.map(\.request.action) == [.uncordon(node: "n1")], "\(resolved.map(\.jsonLine))")
        #expect(agent.firing.isEmpty)
        #expect(agent.receive(Self.notification([Self.alert("a", node: "n1", status: "resolved")]), at: 1.1).isEmpty,
                "a resolved alert that is not firing is ignored")
    }

    /// A second cordon in a rack is beyond the approval limit: it waits, and only an approval
    /// releases it; a rejection reports it failed to the runbook.
    @Test func approvalsHoldActionsBeyondTheLimit() throws {
        var agent = try Self.agent()
        _ = agent.receive(Self.notification([Self.alert("a", node: "n1")]), at: 1)
        _ = agent.apply(.outcome(id: 1, outcome: .succeeded, time: 1))
        let held = agent.receive(Self.notification([Self.alert("b", node: "n2")]), at: 2)
        #expect(held.map(\.status) == [.awaitingApproval])
        #expect(agent.awaitingApproval.map(\.request.id) == [3])
        #expect(throws: AgentRequestError.noSuchPendingAction(1)) { try agent.approve(1, by: "op", at: 2) }
        let approved = try agent.approve(3, by: "op", at: 2.1)
        #expect(approved.status == .approved && approved.decidedBy == "op" && agent.awaitingApproval.isEmpty)
        #expect(throws: AgentRequestError.noSuchPendingAction(3)) { try agent.approve(3, by: "op", at: 2.2) }

        let other = agent.receive(Self.notification([Self.alert("c", node: "n5", rack: "r2"), Self.alert("d", node: "n6", rack: "r2")]), at: 3)
        #expect(other.map(\.status) == [.planned, .awaitingApproval], "the engine counts its own cordons in flight")
        let rejected = try agent.reject(other[1].request.id, by: "op", at: 3.1)
        #expect(rejected.first?.outcome == .failed)
        #expect(rejected.first?.status == .rejected && rejected.first?.decidedBy == "op", "the line says it was rejected, and by whom")
        #expect(rejected.dropFirst().map(\.request.action.kind) == [.openTicket], "a failed cordon escalates")
    }

    /// With no outcome within its timeout (10 min), the reset is reported timed out and the
    /// runbook moves on.
    @Test func timeoutsExpire() throws {
        var agent = try Self.agent()
        _ = agent.receive(Self.notification([Self.alert("a", node: "n1")]), at: 1)
        _ = agent.apply(.outcome(id: 1, outcome: .succeeded, time: 1))
        #expect(agent.expireTimeouts(at: 1.1).isEmpty)
        let expired = agent.expireTimeouts(at: 1.2)
        #expect(expired.first?.outcome == .timedOut)
        #expect(expired.last?.request.action.kind == .openTicket)
    }

    @Test func kubectlPlansAreSafe() {
        #expect(KubectlPlan(.drain(node: "gpu-07.dc1"))?.commandLine == "kubectl drain gpu-07.dc1 --ignore-daemonsets --delete-emptydir-data")
        #expect(KubectlPlan(.reboot(node: "n1"))?.arguments == ["label", "node", "n1", "fleetsim.io/reboot=requested", "--overwrite"])
        #expect(KubectlPlan(.cordon(node: "n1"))?.completesOnExit == true)
        #expect(KubectlPlan(.reboot(node: "n1"))?.completesOnExit == false)
        #expect(KubectlPlan(.openTicket(team: "hw", severity: "high")) == nil)
        for hostile in ["--all", "n1; rm -rf /", "N1", "", "n1 "] {
            #expect(KubectlPlan(.cordon(node: hostile)) == nil, "\(hostile)")
        }
    }

    @Test func signalsComeFromConfiguredLabels() {
        var translation = SignalTranslation()
        translation.signalNames["DCGMXidErrors"] = .xidError
        translation.nodeLabel = "kubernetes_node"
        let signal = translation.signal(from: ["alertname": "DCGMXidErrors", "kubernetes_node": "n4", "code": "79"], firing: true, at: 5)
        #expect(signal?.type == .xidError && signal?.node == "n4" && signal?.labels["code"] == "79")
        let fromInstance = SignalTranslation().signal(from: ["alertname": "NodeNotReady", "instance": "n9:9100"], firing: false, at: 5)
        #expect(fromInstance?.node == "n9" && fromInstance?.firing == false)
    }

    @Test func webhookErrorsSayWhatIsWrong() {
        func error(_ text: String) -> String? {
            do { _ = try AlertmanagerWebhook.decode(Data(text.utf8)); return nil } catch { return error.description }
        }
        #expect(error("{") == "not valid JSON")
        #expect(error(#"{"version":"4","status":"firing","receiver":"r","alerts":[{"status":"firing","labels":{}}]}"#) == "alerts[0].fingerprint: missing")
        #expect(error(#"{"version":"3","status":"firing","receiver":"r","alerts":[]}"#)?.contains("version '3' is not supported") == true)
        #expect(error(#"{"version":"4","status":"firing","receiver":"r","alerts":[{"status":"odd","labels":{},"fingerprint":"f"}]}"#)?
            .contains("status 'odd'") == true)
    }

    /// A hand-written Swift policy runs in the agent as runbooks do: cordon on any alert, then
    /// open a ticket; the guard rails still apply.
    @Test func aSwiftPolicyRunsInTheAgent() {
        struct CordonThenTicket: Policy {
            mutating func decide(on signal: Signal, state: some FleetStateView) -> [Intent] {
                guard signal.firing, let node = signal.node else { return [] }
                return [Intent(action: .cordon(node: node), origin: "swift/cordon", labels: signal.labels)]
            }
            mutating func decide(after intent: Intent, result: IntentResult, at time: Double, state: some FleetStateView) -> [Intent] {
                guard case .cordon = intent.action, result == .outcome(.succeeded) else { return [] }
                return [Intent(action: .openTicket(team: "hw", severity: "high"), origin: "swift/ticket", labels: intent.labels)]
            }
        }
        var agent = Agent(policy: CordonThenTicket(), guardRails: GuardRailLimits(maxCordonedPerRack: 1))
        let first = agent.receive(Self.notification([Self.alert("a", node: "n1"), Self.alert("b", node: "n2")]), at: 1)
        #expect(first.map(\.status) == [.planned, .denied], "the second cordon in r1 is refused")
        #expect(first.map(\.request.origin) == ["swift/cordon", "swift/cordon"] && first[1].denial == .rackCordonLimit)
        #expect(agent.guardRailDenials == 1)
        let next = agent.apply(.outcome(id: 1, outcome: .succeeded, time: 1.1))
        #expect(next.last?.request.action == .openTicket(team: "hw", severity: "high"))
    }
}

extension AgentTests {
    /// Holds and denials are decisions in the stream with their reason: a third cordon in a rack
    /// (limit 2) is denied — a line without an id, never run — and the runbook escalates.
    @Test func denialsAndHoldsAreDecisionsWithTheirReason() throws {
        var agent = try Self.agent()
        _ = agent.receive(Self.notification([Self.alert("a", node: "n1")]), at: 1)
        _ = agent.apply(.outcome(id: 1, outcome: .succeeded, time: 1))
        let held = agent.receive(Self.notification([Self.alert("b", node: "n2")]), at: 2)
        #expect(held.first?.jsonObject["reason"] as? String == "approval.beyond_cordoned_per_rack")
        _ = try agent.approve(3, by: "op", at: 2)
        _ = agent.apply(.outcome(id: 3, outcome: .succeeded, time: 2))
        let third = agent.receive(Self.notification([Self.alert("c", node: "n3")]), at: 3)
        #expect(third.map(\.status) == [.denied, .planned], "\(third.map(\.jsonLine))")
        let denied = try #require(third.first?.jsonObject)
        #expect(denied["reason"] as? String == "max_cordoned_per_rack" && denied["id"] == nil && denied["kubectl"] as? String == "kubectl cordon n3")
        #expect(third.last?.request.action.kind == .openTicket, "a denied cordon escalates")
        #expect(agent.guardRailDenials == 1)
        #expect(denied["time"] as? String == "1970-01-01T03:00:00.000Z", "RFC 3339")
    }

    @Test func timesAreRFC3339BothWays() throws {
        #expect(RFC3339.string(hoursSinceEpoch: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.hoursSinceEpoch("2026-11-30T04:12:33Z") == RFC3339.hoursSinceEpoch("2026-11-30T05:12:33+01:00"))
        let hours = try #require(RFC3339.hoursSinceEpoch("2026-11-30T04:12:33.250Z"))
        #expect(RFC3339.string(hoursSinceEpoch: hours) == "2026-11-30T04:12:33.250Z")
        #expect(RFC3339.hoursSinceEpoch("30/11/2026") == nil)
        let input = try PolicyInput.parse(#"{"type":"outcome","id":2,"outcome":"failed","time":"1970-01-02T00:00:00Z"}"#, now: 0)
        #expect(input.time == 24)
        #expect(try PolicyInput.parse(#"{"type":"outcome","id":2,"outcome":"failed","time":24}"#, now: 0).time == 24, "recordings keep numbers")
    }

    /// A pretty-printed notification, JSON lines, braces in strings, and text that is not JSON.
    @Test func jsonObjectStreamCutsObjectsWhereverTheyEnd() {
        var stream = JSONObjectStream()
        var pieces: [JSONObjectStream.Piece] = []
        let text = "{\n  \"a\": \"}{\",\n  \"b\": [1, {\"c\": 2}]\n}\n{\"d\":\"\\\"}\"} {\"e\":1}\nnot json\n{\"f\":"
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            pieces += stream.feed(String(line), number: index + 1)
        }
        #expect(pieces == [
            .object("{\n  \"a\": \"}{\",\n  \"b\": [1, {\"c\": 2}]\n}", line: 1),
            .object("{\"d\":\"\\\"}\"}", line: 5), .object("{\"e\":1}", line: 5),
            .notAnObject("not json", line: 6),
        ])
        #expect(stream.unfinishedObjectLine == 7)
        var small = JSONObjectStream(maximumBytes: 8)
        #expect(small.feed("{\"long\": \"0123456789\"}", number: 1) == [.tooLarge(line: 1)])
    }
}

extension AgentTests {
    /// The labels and taints docs/agent names are the ones the binary writes (it once named
    /// `fleetsim.io/resetGPU`, which nothing set).
    @Test func theKubectlTableInTheDocsMatchesTheBinary() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/agent/README.md"), encoding: .utf8)
        let node = "node-n"
        for action in [Action.cordon(node: node), .uncordon(node: node), .drain(node: node), .resetGPU(node: node), .reboot(node: node),
                       .reimage(node: node), .replacePart(node: node, part: "part")] {
            let command = try #require(KubectlPlan(action)?.commandLine)
                .replacingOccurrences(of: node, with: "N").replacingOccurrences(of: "=part:", with: "=<part>:")
            #expect(page.contains("| `\(action.kind.rawValue)` | `\(command)` |"), "docs/agent/README.md lacks \(command)")
        }
    }
}
