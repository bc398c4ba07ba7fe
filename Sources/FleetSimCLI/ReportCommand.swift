import ArgumentParser
import Foundation
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a results directory.",
        discussion: """
            Writes one HTML file (default DIR/report.html) with the run's identity, every KPI \
            with its 95% confidence interval, the capacity timeline, incidents by cause and, \
            when the directory has comparison.csv (fleetsim compare --output DIR), the strategy \
            comparison; for a comparison's own folder, each metric per strategy with its \
            paired difference; for a plan's directory (fleetsim plan), the recommendation, the ranked \
            candidates, the Pareto frontiers and the tornado; for a calibration's (fleetsim \
            calibrate), the verdicts, Q-Q plots and hold-out check. Charts are inline SVG; nothing is fetched, so it works offline. \
            scripts/check-report renders it in headless Chromium.

            Example:
              fleetsim run scenarios/mixed-fleet.yaml && fleetsim report results/mixed-fleet
            """
    )

    @Argument(help: "A results directory: a run's (summary.json), a plan's (plan.json), a comparison's (comparison.json) or a calibration's (calibration.json).")
    var results: String

    @Option(name: [.short, .long], help: "The HTML file (default: DIR/report.html).")
    var output: String?

    func run() throws {
        let url = URL(fileURLWithPath: results)
        let html: String
        do {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("plan.json").path) {
                html = try HTMLReport.planPage(directory: url)
            } else if FileManager.default.fileExists(atPath: url.appendingPathComponent("calibration.json").path) {
                html = try HTMLReport.calibrationPage(directory: url)
            } else {
                html = HTMLReport.page(for: try ResultsDirectory(path: results))
            }
        } catch { throw CLIError("\(error)") }
        let path = output ?? url.appendingPathComponent("report.html").path
        let target = URL(fileURLWithPath: path)
        do {
            try AtomicFile.write(Data(html.utf8), to: target)
            // A report inside the results folder is noted there, so re-running does not delete it unsaid.
            if target.deletingLastPathComponent().standardizedFileURL == url.standardizedFileURL {
                try ResultsFolderGuard.recordAddition([target.lastPathComponent], by: "report", in: url)
            }
        } catch {
            throw CLIError("cannot write \(path) (\(error.localizedDescription))")
        }
        print("Report: \(path)")
    }
}
