import FleetPolicy
import Foundation
import Testing

@Suite struct RunbookFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let valid = """
        guard_rails:
          max_cordoned_per_rack: 2
        runbooks:
          - name: off-bus
            match: {signal: GPUFellOffBus, labels: {severity: critical}}
            steps:
              - {id: cordon, action: cordon, on_success: reset, on_failure: escalate}
              - {id: reset, action: resetGPU, timeout: 10min, on_success: uncordon, on_failure: reboot}
              - {id: reboot, action: reboot, timeout: 30min, retries: 1, on_success: uncordon, on_failure: ticket}
              - {id: ticket, action: openTicket, with: {team: hardware}}
              - {id: uncordon, action: uncordon}
        """

    @Test func shippedRunbooksParse() throws {
        let directory = Self.root.appendingPathComponent("runbooks")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self) { try RunbookFile.parse(text, file: file) }
        }
    }

    @Test func aValidFileParses() throws {
        let file = try RunbookFile.parse(Self.valid, file: "r.yaml")
        #expect(file.guardRails.maxCordonedPerRack == 2)
        let runbook = file.runbooks[0]
        #expect(runbook.match == .init(signal: .gpuFellOffBus, labels: ["severity": "critical"]))
        #expect(runbook.steps.map(\.id) == ["cordon", "reset", "reboot", "ticket", "uncordon"])
        #expect(runbook.steps[1].timeout! * 60 == 10 && runbook.steps[2].retries == 1)
        #expect(runbook.steps[3].parameters == ["team": "hardware"])
    }

    @Test(arguments: [
        ("action: resetGPU", "action: resetGUP", "r.yaml:8:29: runbooks.0.steps.1.action: 'resetGUP' is not one of cordon, uncordon, drain, resetGPU"),
        ("signal: GPUFellOffBus", "signal: GPUFellOfBus", "r.yaml:5:21: runbooks.0.match.signal: 'GPUFellOfBus' is not one of GPUFellOffBus"),
        ("on_failure: ticket", "on_failure: tiket", "r.yaml:9:100: runbooks.0.steps.2.on_failure: unknown step 'tiket'; did you mean 'ticket'?"),
        ("on_success: uncordon, on_failure: reboot", "on_success: cordon, on_failure: reboot",
         "r.yaml:8:9: runbooks.0.steps.1: steps of runbook 'off-bus' form a cycle: cordon → reset → cordon; use retries to repeat a step"),
        ("{id: ticket,", "{id: reset,", "r.yaml:10:14: runbooks.0.steps.3.id: step id 'reset' is used twice in runbook 'off-bus'"),
        ("timeout: 10min", "timeout: 10", "r.yaml:8:48: runbooks.0.steps.1.timeout: '10' has no unit"),
    ])
    func mistakesAreReportedWithFileLineAndColumn(_ original: String, _ replacement: String, _ expected: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid)
        #expect {
            try RunbookFile.parse(text, file: "r.yaml")
        } throws: { error in
            let message = "\(error)"
            if !message.hasPrefix(expected) { print("got: \(message)") }
            return message.hasPrefix(expected)
        }
    }
}

extension RunbookFileTests {
    /// docs/runbooks.schema.json is what the field table writes (`fleetsim schema runbooks`),
    /// and the loader refuses a key the table does not list, naming the one it does.
    @Test func thePublishedSchemaIsTheFieldTables() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let published = try String(contentsOf: root.appendingPathComponent("docs/runbooks.schema.json"), encoding: .utf8)
        #expect(published == RunbookFormat.schema.text, "run: fleetsim schema runbooks -o docs/runbooks.schema.json")
        #expect(RunbookFormat.step.keys == ["id", "action", "with", "timeout", "retries", "on_success", "on_failure", "on_denied"])
        let text = "runbooks:\n  - name: a\n    match: {signal: XidError}\n    steps:\n      - {id: c, action: cordon, on_sucess: done}\n"
        #expect { try RunbookFile.parse(text, file: "r.yaml") } throws: { error in
            "\(error)".contains("unknown key 'on_sucess'; did you mean 'on_success'?")
        }
    }
}
