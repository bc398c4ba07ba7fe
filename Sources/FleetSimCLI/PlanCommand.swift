import ArgumentParser
import CSV
import Experiments
import Foundation
import Reports
import ScenarioLoading
import SimulationCore
import Stochastics

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Find the cheapest plan that meets its targets, with confidence intervals.",
        discussion: """
            Reads a plan file (scenarios/plans/README.md): a base scenario, decision variables \
            (racks per site, spares, technicians, strategy, ...: lists or ranges written into \
            the scenario at a path), constraints on KPIs at a confidence level, and an \
            objective. Screens every combination with a few replications, drops those that \
            clearly miss a constraint or are clearly worse than the best (paired, on common \
            random numbers), and doubles the replications of the rest until the best is \
            separated from the runner-up, the maximum is reached or the budget is spent.

            Writes DIR (default results/plan-<plan name>/): candidates.csv (every candidate, \
            ranked, with its CIs and why it was dropped), pareto.csv (cost against each other \
            metric named in `pareto`), sensitivity.csv (the recommended plan's objective, over \
            the maximum replications, with each uncertain input moved by ±change), recommended.yaml (the plan as a runnable \
            scenario) and plan.json. `fleetsim report DIR` draws them.

            Example:
              fleetsim plan scenarios/plans/nvl72-sourcing.yaml
            """
    )

    @Argument(help: "The plan file (YAML).")
    var plan: String

    @Option(name: [.short, .long], help: "Results directory (default: results/plan-<plan name>).")
    var output: String?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print plan.json (docs/output.md) on stdout instead of the text report.")
    var json = false

    @OptionGroup(title: "Beyond one machine (README: Beyond one machine): every round of the search is one sharded study") var study: StudyOptions

    func run() throws {
        let definition: PlanDefinition
        do { definition = try PlanLoader.load(path: plan) } catch { throw CLIError("\(error)") }
        let metrics = definition.base.metrics.map(\.name)
        let directory = URL(fileURLWithPath: output ?? "results/plan-\(URL(fileURLWithPath: plan).deletingPathExtension().lastPathComponent)")
        if study.writesResults { try ResultsOutput.checkTarget(directory.path, command: "plan", inputs: [plan]) }
        let candidates = definition.candidateCount
        guard candidates <= 10_000 else { throw CLIError("\(plan): \(candidates) candidates; at most 10,000 (narrow the variables)") }
        let quiet = self.quiet
        func log(_ text: String) { if !quiet { FileHandle.standardError.write(Data((text + "\n").utf8)) } }

        var scenarios: [Scenario?] = []
        var invalid: [Int: String] = [:]
        for index in 0..<candidates {
            do { scenarios.append(try definition.scenario(of: index)) } catch {
                scenarios.append(nil)
                invalid[index] = error.message
            }
        }
        // Inputs that skew every candidate alike (a horizon shorter than a contract term), said once.
        var warnings: [String] = []
        for warning in scenarios.lazy.compactMap({ $0?.warnings }).joined() where !warnings.contains(warning) { warnings.append(warning) }
        if study.writesResults { for warning in warnings { log("warning: \(plan): \(warning)") } }
        let settings = PlanSearch.Settings(
            objective: metrics.firstIndex(of: definition.objective)!, minimize: definition.minimize,
            constraints: definition.constraints.map {
                PlanSearch.Constraint(metric: metrics.firstIndex(of: $0.metric)!, minimum: $0.minimum, maximum: $0.maximum, confidence: $0.confidence)
            },
            screening: definition.screeningReplications, maxReplications: definition.maxReplications, budget: definition.budget)
        var search = PlanSearch(candidates: candidates, invalid: invalid, settings: settings)
        log("plan: \(candidates) candidates (\(invalid.count) cannot run), \(definition.screeningReplications)–\(definition.maxReplications) replications each, budget \(definition.budget)")
        let seed = definition.seed, runnable = scenarios
        let executor = try study.executor(threads: threads, results: directory.relativePath, quiet: quiet)
        // What every round computes: the plan (its file and the scenario it builds on), candidates by their values.
        let planIdentity = "plan \(definition.contentHash)\n\(definition.base.studyIdentity)"
        let labels = (0..<candidates).map { definition.values(of: $0).joined(separator: ", ") }
        do {
            try search.run(evaluate: { (batch: [StudyUnit]) throws(StudyError) -> [[Double?]] in
                try executor.evaluate(StudyRound(definition: "plan search\n\(planIdentity)", variants: labels, seed: seed, units: batch)) { unit in
                    runnable[unit.variant]!.replicate(unit.replication, seed: seed).values
                }
            }, progress: { round, contenders, used in
                log("round \(round): \(contenders) contenders left, \(used) replications so far")
            })
        } catch { throw StudyOptions.stop(error, quiet: quiet) }

        let report = PlanReport(definition: definition, search: search, metrics: metrics)
        var files = ["candidates.csv": Data(report.candidatesTable().text.utf8), "pareto.csv": Data(report.paretoTable().text.utf8)]
        var sensitivity: CSVTable?
        if let best = report.recommended, let scenario = scenarios[best] {
            do {
                sensitivity = report.sensitivityTable(try Sensitivity.tornado(
                    scenario, definition: "\(planIdentity)\ncandidate \(labels[best])", inputs: definition.sensitivityInputs,
                    change: definition.sensitivityChange, objective: settings.objective, replications: definition.maxReplications,
                    seed: seed, executor: executor))
            } catch { throw StudyOptions.stop(error, quiet: quiet) }
            let header = "# Recommended by `fleetsim plan \(plan)` (seed \(seed)): \(report.label(best)).\n"
                + "# Objective \(definition.objective) \(report.describe(best, settings.objective)); see candidates.csv.\n"
            do {
                files["recommended.yaml"] = Data(try definition.scenarioText(of: best, header: header, directory: directory.absoluteURL).utf8)
            } catch { throw CLIError("\(error)") }
        }
        guard executor.writesResults else { return }
        if let sensitivity { files["sensitivity.csv"] = Data(sensitivity.text.utf8) }
        files["plan.json"] = report.summaryJSON(sensitivity: sensitivity, warnings: warnings)
        try ResultsOutput.writeFolder(files, to: directory, command: "plan", inputs: [plan])
        if json {
            print(String(decoding: files["plan.json"] ?? Data(), as: UTF8.self))
        } else if !quiet {
            print(report.text(directory: directory.relativePath))
        }
        if report.recommended == nil { throw ExitCode(2) }
    }
}
