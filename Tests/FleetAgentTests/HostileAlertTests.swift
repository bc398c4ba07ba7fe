import FleetAgent
import FleetPolicy
import Foundation
import Testing

/// Alerts crafted to break out of the agent's output or to exhaust its guard rails.
@Suite struct HostileAlertTests {
    /// Garbage node names never reach the policy: eight of them used to plan cordons that could
    /// never run but used up the rack's cordon budget, so a real fault only got a ticket.
    @Test func invalidNodeNamesDoNotUseUpTheGuardRails() throws {
        var agent = try AgentTests.agent()
        let garbage = ["n1\nrm -rf /", "$(reboot)", "-n", "N1", "", "a b", "n1;id", String(repeating: "x", count: 300)]
        for (index, node) in garbage.enumerated() {
            let actions = agent.receive(AgentTests.notification([AgentTests.alert("g\(index)", node: node)]), at: 1)
            #expect(actions.isEmpty, "alert naming \(node.debugDescription) planned \(actions.map(\.jsonLine))")
        }
        #expect(agent.counters.alertsInvalidTarget == garbage.count)
        #expect(agent.counters.signals == 0)
        let real = agent.receive(AgentTests.notification([AgentTests.alert("real", node: "n1")]), at: 2)
        #expect(real.map(\.request.action) == [.cordon(node: "n1")])
    }

    /// Every word of a kubectl line survives `sh` as one argument.
    @Test func shellQuotingKeepsEachWordOneArgument() throws {
        for word in ["n1", "fleetsim.io/reboot=requested", "it's", "a\nb", "$(id)", "`id`", "a b", "", "'", "-x"] {
            let quoted = KubectlPlan.shellQuoted(word)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "printf '%s' \(quoted)"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(String(decoding: output, as: UTF8.self) == word, "quoted as \(quoted)")
        }
        #expect(KubectlPlan.shellQuoted("n1") == "n1")
    }
}
