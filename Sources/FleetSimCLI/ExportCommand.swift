import ArgumentParser
import Foundation
import Reports
import ScenarioLoading

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Turn a results directory into something to share.",
        subcommands: [NotebookCommand.self]
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
