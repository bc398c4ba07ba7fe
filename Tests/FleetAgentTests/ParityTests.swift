import FleetAgent
@testable import FleetModel
import FleetPolicy
import Foundation
import ScenarioLoading
import SimulationCore
import Testing

/// "Identical decisions in simulation and production", tested: the simulator records every
/// signal and outcome its policy engine is given; the agent, fed the same lines, must issue
/// the same actions — same ids, targets, steps, timeouts, labels and approval holds.
@Suite struct ParityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tight guard rails and an approval rule, so that denials, approvals and the circuit
    /// breaker all happen in a year of the comparison scenario.
    static func tightRunbooks() throws -> RunbookFile {
        let path = root.appendingPathComponent("Tests/FleetAgentTests/Fixtures/tight-runbooks.yaml").path
        return try RunbookFile.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    /// Runs replication 0 of the runbook-comparison scenario under `runbooks` (the scenario's
    /// own strategy when nil) and returns what the engine was told and what it issued.
    static func simulate(runbooks: RunbookFile?, horizon: Double) throws -> (inputs: [PolicyInput], requests: [ActionRequest], log: [PolicyEngine<RunbookPolicy>.Decision]) {
        let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/runbook-comparison.yaml").path)
        guard case .fleet(let topology) = scenario.model else { throw CocoaError(.fileReadUnknown) }
        var configuration = topology.configuration
        configuration.horizon = horizon
        if let runbooks { configuration.management!.runbooks = runbooks }
        configuration.management!.recordsPolicyInputs = true
        var model = FleetSimulation(topology: FleetTopology(configuration), masterSeed: scenario.seed, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        model.start(calendar: &calendar)
        calendar.run(&model, until: horizon)
        let management = model.management!
        return (management.recordedInputs!, management.engine.log.compactMap(\.request), management.engine.log)
    }

    /// The agent's new actions (each request once, when first issued) for `inputs`.
    static func replay(_ inputs: [PolicyInput], runbooks: RunbookFile) -> [ActionRequest] {
        var agent = Agent(runbooks: runbooks)
        return inputs.flatMap { agent.apply($0) }
            .filter { $0.status == .planned || $0.status == .awaitingApproval }
            .map(\.request)
    }

    @Test(arguments: [false, true])
    func agentIssuesTheSimulatorsActions(tight: Bool) throws {
        let runbooks = tight ? try Self.tightRunbooks() : nil
        let simulated = try Self.simulate(runbooks: runbooks, horizon: 8760)
        let file = try runbooks ?? RunbookFile.parse(
            String(contentsOf: Self.root.appendingPathComponent("runbooks/closed-loop.yaml"), encoding: .utf8), file: "closed-loop.yaml")
        // Through the JSON-line format, as the agent's stdin reads it.
        let lines = simulated.inputs.map(\.jsonLine)
        let parsed = try lines.map { try PolicyInput.parse($0, now: 0) }
        #expect(parsed == simulated.inputs)
        let agentRequests = Self.replay(parsed, runbooks: file)
        #expect(simulated.requests.count > 300, "a year of faults and false alarms: \(simulated.requests.count) actions")
        #expect(agentRequests.count == simulated.requests.count)
        let firstDifference = zip(agentRequests, simulated.requests).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first difference at action \(firstDifference.map { "\($0 + 1)" } ?? "")")
        if tight {
            #expect(simulated.log.contains { $0.denial == .circuitOpen }, "the breaker opened")
            #expect(simulated.log.contains { $0.denial == .rateLimit || $0.denial == .rackCordonLimit })
            #expect(simulated.requests.contains { $0.needsApproval }, "some actions waited for approval")
        }
    }

    /// The committed recording (90 days of the comparison scenario under the tight runbooks):
    /// the simulator still records exactly these inputs and actions, and the agent replays the
    /// inputs into exactly these actions. Regenerate with FLEETSIM_UPDATE_GOLDEN=1.
    @Test func goldenRecording() throws {
        let runbooks = try Self.tightRunbooks()
        let simulated = try Self.simulate(runbooks: runbooks, horizon: 90 * 24)
        let inputsURL = Self.root.appendingPathComponent("Tests/FleetAgentTests/Fixtures/parity-inputs.jsonl")
        let actionsURL = Self.root.appendingPathComponent("Tests/FleetAgentTests/Fixtures/parity-actions.jsonl")
        let simulatedActions = simulated.requests.map { AgentAction(request: $0, status: .planned, time: 0).jsonLine }
        if ProcessInfo.processInfo.environment["FLEETSIM_UPDATE_GOLDEN"] == "1" {
            try (simulated.inputs.map(\.jsonLine).joined(separator: "\n") + "\n").write(to: inputsURL, atomically: true, encoding: .utf8)
            try (simulatedActions.joined(separator: "\n") + "\n").write(to: actionsURL, atomically: true, encoding: .utf8)
        }
        let goldenInputs = try String(contentsOf: inputsURL, encoding: .utf8).split(separator: "\n").map { try PolicyInput.parse(String($0), now: 0) }
        let goldenActions = try String(contentsOf: actionsURL, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(goldenInputs.count > 50 && goldenActions.count > 50)
        #expect(simulated.inputs == goldenInputs, "the simulator's recording changed; regenerate if intended")
        #expect(simulatedActions == goldenActions)
        let replayed = Self.replay(goldenInputs, runbooks: runbooks).map { AgentAction(request: $0, status: .planned, time: 0).jsonLine }
        #expect(replayed == goldenActions)
    }
}
