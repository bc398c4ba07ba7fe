import ArgumentParser
import FleetModel
import FleetPolicy
import Foundation
import LocatedYAML
import ScenarioLoading
import Yams

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario, runbook and plan files without running them.",
        discussion: """
            Checks each file against the scenario schema (docs/scenario.schema.json) and reports \
            every structural problem — unknown keys with a did-you-mean, missing keys, wrong \
            types, values outside their range or list — as file:line:column: field: message. A \
            file without such problems is then loaded, which checks meaning (references between \
            classes, sites and jobs, shares, sizes, power) and reports the first problem found. \
            A runbook file (top-level `runbooks:`, docs/runbooks.md) is checked as runbooks, and a \
            plan file (top-level `scenario:` and `variables:`, scenarios/plans/README.md) as a \
            plan, with its base scenario and every variable's path. Exits with status 1 if any \
            file has a problem.

            Examples:
              fleetsim validate scenarios/mixed-fleet.yaml
              fleetsim validate scenarios/*.yaml runbooks/*.yaml scenarios/plans/*.yaml
            """
    )

    @Argument(help: "Scenario, runbook or plan files.")
    var scenarios: [String]

    @Flag(help: "Print one JSON array: per file its path, kind, ok, a summary and its problems as objects (file, line, column, field, message).")
    var json = false

    /// One file's verdict, as `--json` prints it.
    struct Report: Encodable {
        let file: String
        let kind: String
        let ok: Bool
        let summary: String?
        let problems: [LocatedError]
    }

    /// What a YAML file holds, by its top-level keys.
    enum Kind { case scenario, runbooks, plan }

    static func kind(of path: String) -> Kind {
        guard let text = try? InputFile.text(path, what: "the file"), case .mapping(let mapping)? = try? Yams.compose(yaml: text) else {
            return .scenario  // the scenario checks say what is wrong with it
        }
        let keys = Set(mapping.keys.compactMap(\.scalar?.string))
        if keys.contains("fleet") || keys.contains("repair_pool") || keys.contains("extends") { return .scenario }
        if keys.contains("runbooks") { return .runbooks }
        if keys.contains("scenario") && keys.contains("variables") { return .plan }
        return .scenario
    }

    func run() throws {
        let reports = scenarios.map(Self.check)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for report in reports {
                if let summary = report.summary, report.ok { print("ok  \(report.file): \(summary)") }
                for problem in report.problems { print(problem.description) }
            }
        }
        let failed = reports.filter { !$0.ok }.count
        if failed > 0 {
            throw CLIError("\(failed) of \(scenarios.count) file(s) have problems")
        }
    }

    static func check(_ path: String) -> Report {
        switch kind(of: path) {
        case .scenario:
            let (problems, scenario) = ScenarioLoader.validate(path: path)
            return Report(file: path, kind: "scenario", ok: scenario != nil, summary: scenario.map(summary), problems: problems)
        case .runbooks:
            if let problems = structuralProblems(path, checker: RunbookFormat.checker, what: "the runbook file") {
                return Report(file: path, kind: "runbooks", ok: false, summary: nil, problems: problems)
            }
            do {
                let file = try RunbookFile.parse(try InputFile.text(path, what: "the runbook file"), file: path)
                return Report(file: path, kind: "runbooks", ok: true, summary: "runbooks \(file.runbooks.map(\.name).joined(separator: ", "))", problems: [])
            } catch {
                return Report(file: path, kind: "runbooks", ok: false, summary: nil, problems: [error])
            }
        case .plan:
            if let problems = structuralProblems(path, checker: PlanFormat.checker, what: "the plan file") {
                return Report(file: path, kind: "plan", ok: false, summary: nil, problems: problems)
            }
            do {
                let plan = try PlanLoader.load(path: path)
                return Report(file: path, kind: "plan", ok: true, summary: "plan over \(plan.scenarioPath), \(plan.variables.count) variables, "
                    + "\(plan.candidateCount) candidates, objective \(plan.minimize ? "minimize" : "maximize") \(plan.objective)", problems: [])
            } catch {
                return Report(file: path, kind: "plan", ok: false, summary: nil, problems: [error])
            }
        }
    }

    /// Every structural problem of the file at once (unknown keys, missing keys, wrong types),
    /// or nil when there are none (or the file cannot be read: loading then says why).
    static func structuralProblems(_ path: String, checker: SchemaChecker, what: String) -> [LocatedError]? {
        guard let text = try? InputFile.text(path, what: what),
              let root = try? YAMLDocument.root(of: text, file: path, expected: "a mapping") else { return nil }
        let problems = checker.problems(in: root)
        return problems.isEmpty ? nil : problems
    }

    static func summary(of scenario: Scenario) -> String {
        let model: String
        switch scenario.model {
        case .repairPool(let pool): model = "repair pool of \(pool.machines) machines"
        case .fleet(let topology):
            model = "\(topology.siteCount) sites, \(topology.rackCount) racks, \(topology.gpuCount) GPUs, \(topology.componentCount) components"
        }
        return "\(scenario.name), \(model), horizon \(scenario.horizon) h, \(scenario.replications) replications"
    }
}
