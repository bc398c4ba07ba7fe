import Foundation
import Reports
import Stochastics

/// Writing and showing a run's results from the command line.
enum ResultsOutput {
    /// Writes to `directory`; if that fails, to a fresh temporary directory, so that computed
    /// results are never lost, and the error says where they went.
    static func write(_ run: RunResults, to directory: URL, format: ExportFormat = .csv, movedFiles: [String: URL] = [:],
                      inputs: [String] = []) throws {
        let writer = ResultsWriter()
        do {
            try writer.write(run, to: directory, format: format, movedFiles: movedFiles, inputs: inputs)
        } catch {
            let fallback = FileManager.default.temporaryDirectory
                .appendingPathComponent("fleetsim-\(run.scenario.name)-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try writer.write(run, to: fallback, format: format, movedFiles: movedFiles)
            } catch {
                throw CLIError("cannot write results to \(directory.path) nor to \(fallback.path): \(error.localizedDescription)")
            }
            throw CLIError("cannot write results to \(directory.path) (\(error.localizedDescription)); they were saved in \(fallback.path)")
        }
    }

    /// Refuses, before any simulation runs, an output that FleetSim may not replace.
    static func checkTarget(_ path: String, command: String, mode: ResultsFolderGuard.Mode = .replace, inputs: [String]) throws {
        do { try ResultsFolderGuard.check(URL(fileURLWithPath: path), command: command, mode: mode, inputs: inputs) } catch {
            throw CLIError(error.description)
        }
    }

    /// Writes `files` as a results folder (or adds them to one, in `.add` mode), or says (one
    /// line) why it cannot.
    /// In `.add` mode, `newFolder` is what to write where there is no results folder yet.
    static func writeFolder(_ files: [String: Data], to directory: URL, command: String, mode: ResultsFolderGuard.Mode = .replace,
                            inputs: [String], newFolder: [String: Data]? = nil) throws {
        do {
            switch mode {
            case .replace: try ResultsWriter.writeDirectory(files, to: directory, command: command, inputs: inputs)
            case .add: try ResultsWriter.addFiles(files, to: directory, command: command, inputs: inputs, newFolder: newFolder)
            }
        } catch let error as ResultsFolderError {
            throw CLIError(error.description)
        } catch {
            throw CLIError("cannot write \(directory.path) (\(error.localizedDescription))")
        }
    }

    /// A plain-text table of the metrics with 95% confidence intervals, for the terminal.
    static func table(_ run: RunResults) -> String {
        let rows: [[String]] = run.metrics.enumerated().map { index, metric in
            guard let stats = run.statistics(ofMetric: index) else { return [metric.name, "n/a", "", metric.unit] }
            let halfWidth = stats.halfWidth().map { "± " + format($0) } ?? ""
            return [metric.name, format(stats.mean), halfWidth, metric.unit]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let header = "\(run.scenario.name): \(run.replications.count) replications, seed \(run.seed), \(run.totalEvents) events (95% CI)"
        return ([header] + rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }).joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7) { return String(format: "%.4g", value) }
        return String(format: magnitude < 10 ? "%.4f" : "%.2f", value)
    }
}
