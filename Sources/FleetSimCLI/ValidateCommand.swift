import ArgumentParser
import FleetModel
import ScenarioLoading

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: """
            Checks each file against the scenario schema (docs/scenario.schema.json) and reports \
            every structural problem — unknown keys with a did-you-mean, missing keys, wrong \
            types, values outside their range or list — as file:line:column: field: message. A \
            file without such problems is then loaded, which checks meaning (references between \
            classes, sites and jobs, shares, sizes, power) and reports the first problem found. \
            Exits with status 1 if any file has a problem.

            Examples:
              fleetsim validate scenarios/mixed-fleet.yaml
              fleetsim validate scenarios/*.yaml
            """
    )

    @Argument(help: "Scenario files.")
    var scenarios: [String]

    func run() throws {
        var failed = 0
        for path in scenarios {
            let (problems, scenario) = ScenarioLoader.validate(path: path)
            if let scenario {
                print("ok  \(path): \(Self.summary(of: scenario))")
            } else {
                failed += 1
                for problem in problems { print(problem.description) }
            }
        }
        if failed > 0 {
            throw CLIError("\(failed) of \(scenarios.count) scenario file(s) have problems")
        }
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
