import ArgumentParser
import FleetAgentJournal
import Foundation
import Reports
import ScenarioLoading

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Turn results into something to share, or the agent's journal into an incident log.",
        subcommands: [NotebookCommand.self, IncidentsCommand.self]
    )
}

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Write a Jupyter notebook that loads a results directory and plots it.",
        discussion: """
            Writes an nbformat 4 notebook (default notebooks-export/<scenario name>.ipynb) that \
            reads the directory's CSVs with pandas and draws capacity over time, incidents by \
            cause, the KPIs with their confidence intervals, and the strategy comparison when \
            the directory has one (fleetsim compare --output). The notebook refers to the \
            results by a path relative to itself: keep the two together. Needs pandas and \
            matplotlib to run.

            Example:
              fleetsim run scenarios/mixed-fleet.yaml
              fleetsim export notebook results/mixed-fleet
            """
    )

    @Argument(help: "A results directory: a run's (summary.json) or a comparison's (comparison.json).")
    var results: String

    @Option(name: [.short, .long], help: "The notebook file (default: notebooks-export/<scenario name>.ipynb).")
    var output: String?

    func run() throws {
        let summary: ResultsDirectory
        do { summary = try ResultsDirectory(path: results) } catch { throw CLIError("\(error)") }
        let path = output ?? "notebooks-export/\(summary.scenarioName).ipynb"
        let notebookURL = URL(fileURLWithPath: path).absoluteURL
        let relative = FilePaths.relative(from: notebookURL.deletingLastPathComponent(), to: summary.url)
        let data = NotebookExport.notebook(
            resultsPath: relative, title: "FleetSim results: \(summary.scenarioName)",
            subtitle: "Scenario `\(summary.scenarioFile)`, seed \(summary.seed), \(summary.replications) replications.")
        do {
            try FileManager.default.createDirectory(at: notebookURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: notebookURL)
        } catch {
            throw CLIError("cannot write \(path) (\(error.localizedDescription))")
        }
        print("Notebook: \(path)")
    }
}

struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Write the incidents an agent's journal saw as an incident log, for fit and calibrate.",
        discussion: """
            Reads the SQLite journal of `fleetsim agent --journal` and writes an incident log in \
            the FleetSim format (docs/incident-logs.md): one row per alert on a node, from \
            firing (its Alertmanager startsAt) to resolved (its endsAt), or per signal line \
            from firing to resolve; category is the alert's name; repair_hours is empty for \
            an alert still firing. Nodes are numbered by the number their names end with \
            (gpu-node-0042 → 42) when every name has a distinct one, else in order of first \
            appearance; the node_name column keeps the names, and actions what the agent \
            did about each incident (action:outcome, or action:status while unfinished, from \
            its decision lines).

            Example:
              fleetsim export incidents agent.sqlite -o incidents.csv
              fleetsim calibrate incidents.csv --scenario my-fleet.yaml --class node
            """
    )

    @Argument(help: "The agent's journal (SQLite).")
    var journal: String

    @Option(name: [.short, .long], help: "The incident log to write (default: stdout).")
    var output: String?

    @Option(help: "The alert label naming the node (Prometheus' instance is tried when it is missing).")
    var nodeLabel: String = "node"

    func run() throws {
        guard FileManager.default.fileExists(atPath: journal) else { throw CLIError("\(journal): no such journal") }
        let incidents: JournalIncidents
        do { incidents = try JournalIncidents.read(try AgentJournal(path: journal), nodeLabel: nodeLabel) } catch {
            throw CLIError("\(journal): not an agent journal (\(error))")
        }
        let text = incidents.table().text
        if let output {
            do { try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: output)) } catch {
                throw CLIError("cannot write \(output) (\(error.localizedDescription))")
            }
            let skipped = incidents.withoutNode > 0 ? "; \(incidents.withoutNode) alerts without a node label left out" : ""
            FileHandle.standardError.write(Data("\(output): \(incidents.incidents.count) incidents on \(incidents.nodeNumbers.count) nodes\(skipped)\n".utf8))
        } else {
            print(text, terminator: "")
        }
    }
}
