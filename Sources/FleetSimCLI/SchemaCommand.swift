import ArgumentParser
import FleetPolicy
import Foundation
import LocatedYAML
import Reports
import ScenarioLoading

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of scenario, runbook or plan files.",
        discussion: """
            The schemas are written from the same field tables the loaders and `fleetsim \
            validate` use, so they always describe what this version accepts. Point an editor's \
            YAML language server at them for completion and checking as you type; the repository \
            ships them as docs/scenario.schema.json, docs/runbooks.schema.json and \
            docs/plan.schema.json.

            Examples:
              fleetsim schema scenario > scenario.schema.json
              fleetsim schema runbooks -o docs/runbooks.schema.json
            """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case scenario, runbooks, plan

        var schema: Schema {
            switch self {
            case .scenario: ScenarioFormat.schema
            case .runbooks: RunbookFormat.schema
            case .plan: PlanFormat.schema
            }
        }
    }

    @Argument(help: "Which files: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format

    @Option(name: [.short, .long], help: "Write the schema to this file instead of stdout.")
    var output: String?

    func run() throws {
        let text = format.schema.text
        guard let output else { return print(text, terminator: "") }
        do { try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output)) } catch {
            throw CLIError("cannot write \(output) (\(error.localizedDescription))")
        }
    }
}
