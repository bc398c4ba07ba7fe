import Foundation
import Testing

/// `fleetsim validate` tells scenarios, runbooks and plans apart and checks each as what it is.
@Suite(.serialized) struct ValidateCommandTests {
    typealias CLI = CommandLineTests

    @Test func runbooksAndPlansAreCheckedAsRunbooksAndPlans() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("runbooks").path)
            .filter { $0.hasSuffix(".yaml") }.map { "runbooks/\($0)" }
            + ["scenarios/plans/nvl72-sourcing.yaml", "scenarios/repair-pool.yaml"]
        let outcome = try await CLI.fleetsim(["validate"] + files)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count == files.count && lines.allSatisfy { $0.hasPrefix("ok  ") }, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("ok  runbooks/manual.yaml: runbooks ticket-everything"))
        #expect(outcome.stdout.contains("ok  scenarios/plans/nvl72-sourcing.yaml: plan over scenarios/nvl72-sourcing.yaml, 2 variables, 9 candidates"))
    }

    @Test func aBadRunbookIsALocatedRunbookError() async throws {
        let file = CLI.temporaryDirectory().appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "runbooks:\n  - name: x\n    match: {signal: nonsense}\n    steps: []\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await CLI.fleetsim(["validate", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "\(file.path):3:21: runbooks.0.match.signal: 'nonsense' is not one of GPUFellOffBus, XidError, NodeNotReady, "
            + "ECCUncorrectable, ECCCorrectableRising, LinkDown, ThermalThrottle, JobStalled, PowerFault, SiteUnreachable, any\n", "\(outcome.stdout)")
        #expect(outcome.stderr.contains("1 of 1 file(s) have problems"))
    }

    /// Every structural problem of a runbook or plan file at once, each at its line, not one per run.
    @Test func everyStructuralProblemOfARunbookOrPlanAtOnce() async throws {
        let runbooks = CLI.temporaryDirectory().appendingPathExtension("yaml")
        let plan = CLI.temporaryDirectory().appendingPathExtension("yaml")
        defer { for file in [runbooks, plan] { try? FileManager.default.removeItem(at: file) } }
        try """
            guard_rails: {max_cordoned_per_rack: two}
            runbooks:
              - name: a
                match: {signal: XidError}
                steps:
                  - {id: c, action: cordonn, on_success: done}
                  - {id: d, action: drain, timout: 1h}
              - match: {signal: LinkDown}
                steps: []
            """.write(to: runbooks, atomically: true, encoding: .utf8)
        try """
            scenario: ../../scenarios/repair-pool.yaml
            variables:
              - {path: repair_pool.technicians, values: [1, 2], step: 1}
            objective: {minimise: availability}
            budget: lots
            """.write(to: plan, atomically: true, encoding: .utf8)
        let outcome = try await CLI.fleetsim(["validate", runbooks.path, plan.path])
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        for (file, line, fragment) in [(runbooks, 1, "guard_rails.max_cordoned_per_rack: expected a whole number ≥ 0, found 'two'"),
                                       (runbooks, 6, "runbooks.0.steps.0.action: 'cordonn' is not one of cordon"),
                                       (runbooks, 7, "runbooks.0.steps.1.timout: unknown key 'timout'; did you mean 'timeout'?"),
                                       (runbooks, 8, "runbooks.1.name: missing"),
                                       (plan, 3, "variables.0.step: unknown key 'step'"),
                                       (plan, 4, "objective.minimise: unknown key 'minimise'; did you mean 'minimize'?"),
                                       (plan, 5, "budget: expected a whole number ≥ 1")] {
            #expect(lines.contains { $0.hasPrefix("\(file.path):\(line):") && $0.contains(fragment) }, "\(fragment): \(outcome.stdout)")
        }
        #expect(outcome.stderr.contains("2 of 2 file(s) have problems"))
    }

    @Test func jsonGivesEachFileItsKindAndItsProblemsAsObjects() async throws {
        let file = CLI.temporaryDirectory().appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "runbooks:\n  - name: x\n    match: {signal: nonsense}\n    steps: []\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await CLI.fleetsim(["validate", "--json", "scenarios/repair-pool.yaml", "scenarios/plans/wan-uplink.yaml", file.path])
        #expect(outcome.status == 1)
        let reports = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(reports.map { $0["kind"] as? String } == ["scenario", "plan", "runbooks"])
        #expect(reports.map { $0["ok"] as? Bool } == [true, true, false])
        let problem = (reports.last?["problems"] as? [[String: Any]])?.first
        #expect(problem?["file"] as? String == file.path && problem?["line"] as? Int == 3 && problem?["column"] as? Int == 21)
        #expect(problem?["field"] as? String == "runbooks.0.match.signal")
        #expect((problem?["message"] as? String)?.hasPrefix("'nonsense' is not one of") == true)
    }
}
