import ArgumentParser
import Experiments
import Foundation
import Reports
import ScenarioLoading

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a scenario to an incident log, simulate it, and show how close the simulation is to the log.",
        discussion: """
            Fits the time to failure of one component class to the log (each node new at the \
            log's start and renewed when back in service; the stretches still running at the \
            end, and nodes that never failed, enter as right-censored) and its repair time, \
            best family by AIC; writes the calibrated scenario (a file that extends yours and sets \
            those two distributions); simulates it over the log's period; and compares the \
            log with the simulation on four quantities: time between failures of a node, \
            repair time, incidents per week and concurrent outages. Each gets the two-sample \
            Kolmogorov–Smirnov and Anderson–Darling statistics with p-values (AD by \
            permutation, on GSL draws) and a verdict at alpha split over the four quantities \
            (Bonferroni). Then a hold-out check: fitted on the log's first part only, does the \
            model predict the rest (incidents and mean repair time within prediction \
            intervals whose replications each use a bootstrap refit)?

            The log's nodes are the class's components (node n is instance n, from 0). The \
            simulated repair time is the whole downtime — detection, queueing for technicians \
            and parts included — as a log's is; where the scenario adds much to the repair \
            itself, the comparison shows it.

            Writes DIR (default results/calibrate-<scenario name>/): calibrated.yaml, \
            comparison.csv, qq.csv, hold-out.csv, simulated-incidents.csv (replication 0, in \
            the log format), calibration.json and report.html (Q-Q plots). docs/calibration.md \
            explains each.

            Exit status: 0 consistent (and predicted), 2 the simulation and the log differ, \
            1 bad input, 64 bad options.

            Examples:
              fleetsim calibrate scenarios/data/lanl-system-20.csv \\
                --scenario docs/examples/lanl-system20-calibration.yaml
              fleetsim calibrate incidents.csv --scenario my-fleet.yaml --class gpu --category Hardware
            """
    )

    @OptionGroup var source: IncidentLogOptions

    @Option(help: "The fleet scenario to calibrate.")
    var scenario: String

    @Option(name: .customLong("class"), help: "The component class the log describes (default: the scenario's only class).")
    var componentClass: String?

    @Option(help: "Replications of the calibrated scenario over the log's period.")
    var replications: Int = 40

    @Option(help: "Share of the log's period, at its end, kept out of the fit and predicted (0 to skip).")
    var holdOut: Double = 0.3

    @Option(help: "Level of the verdicts: the chance of calling a right model wrong on any quantity.")
    var alpha: Double = 0.05

    @Option(help: "Relabellings for the Anderson–Darling p-values.")
    var permutations: Int = 199

    @Option(help: "Master seed; overrides the scenario's `seed`.")
    var seed: UInt64?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: [.short, .long], help: "Results directory (default: results/calibrate-<scenario name>).")
    var output: String?

    @Flag(name: [.short, .long], help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print calibration.json (docs/calibration.md) on stdout instead of the text report.")
    var json = false

    func validate() throws {
        if replications < 2 { throw ValidationError("--replications must be at least 2 (got \(replications)).") }
        if !(0..<0.9).contains(holdOut) { throw ValidationError("--hold-out must lie in [0, 0.9) (got \(holdOut)).") }
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must lie strictly between 0 and 1 (got \(alpha)).") }
        if permutations < 19 { throw ValidationError("--permutations must be at least 19 (got \(permutations)).") }
        if threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
    }

    func run() throws {
        let records = try source.records()
        let target: CalibrationTarget
        do { target = try CalibrationTarget(scenarioPath: scenario, className: componentClass) } catch { throw CLIError(error.description) }
        let directory = URL(fileURLWithPath: output ?? "results/calibrate-\(URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent)")
        try ResultsOutput.checkTarget(directory.path, command: "calibrate", inputs: [source.log, scenario])
        let start = records.first!.time
        let span = records.last!.time - start
        guard span > 0 else { throw CLIError("\(source.log): every selected incident is at the same time; a period is needed") }
        let failures = records.map { ObservedFailure(time: $0.time - start, node: $0.node, repairHours: $0.repairHours) }
        let seed = self.seed ?? target.base.seed
        let settings = Calibration.Settings(seed: seed, replications: replications, holdOut: holdOut, alpha: alpha,
                                            permutations: permutations, threads: threads)
        if !quiet {
            FileHandle.standardError.write(Data("calibrate: \(records.count) incidents over \(String(format: "%.1f", span / 24)) days; simulating \(replications) replications…\n".utf8))
        }
        let calibration: Calibration
        do { calibration = try Calibration.run(log: failures, span: span, target: target, settings: settings) } catch {
            throw CLIError("\(source.log): \(error.description)")
        }
        let report = CalibrationReport(calibration: calibration, log: source.selection, scenario: scenario, className: target.className,
                                       failures: records.count, seed: seed, settings: settings)
        let header = """
            Calibrated by `fleetsim calibrate` from \(source.selection), class '\(target.className)', seed \(seed):
            time to failure and repair time fitted by maximum likelihood (best family by AIC). comparison.csv says how
            close a simulation of this scenario comes to the log.
            """
        var files: [String: Data] = [
            "calibrated.yaml": Data(try overlay(target, calibration.fit, directory: directory, header: header).utf8),
            "comparison.csv": Data(report.comparisonTable().text.utf8),
            "qq.csv": Data(report.quantileTable().text.utf8),
            "simulated-incidents.csv": Data(report.simulatedLog().text.utf8),
            "calibration.json": report.json(),
        ]
        if let holdOut = report.holdOutTable() { files["hold-out.csv"] = Data(holdOut.text.utf8) }
        files["report.html"] = Data(HTMLReport.calibrationPage(files: files).utf8)
        try ResultsOutput.writeFolder(files, to: directory, command: "calibrate", inputs: [source.log, scenario])
        if json {
            print(String(decoding: files["calibration.json"]!, as: UTF8.self))
        } else if !quiet {
            print(report.text(directory: directory.relativePath))
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// The calibrated scenario, extending the user's by a path relative to the results folder.
    func overlay(_ target: CalibrationTarget, _ fit: Calibration.ClassFit, directory: URL, header: String) throws -> String {
        let base = URL(fileURLWithPath: scenario).standardizedFileURL.pathComponents
        let folder = directory.standardizedFileURL.pathComponents
        let shared = zip(base, folder).prefix { $0 == $1 }.count
        let relative = (Array(repeating: "..", count: folder.count - shared) + base[shared...]).joined(separator: "/")
        do { return try target.overlay(fit, extends: relative, header: header) } catch { throw CLIError(error.description) }
    }
}
