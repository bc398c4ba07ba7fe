import ArgumentParser
import Experiments
import Foundation
import LocatedYAML
import ScenarioLoading

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fail when a runbook change makes the fleet significantly worse (a CI regression gate).",
        discussion: """
            Runs the baseline and the candidate runbooks on the same faults (common random \\
            numbers) and tests, per gated metric, whether the candidate is worse than the \\
            baseline by more than the metric's margin: one-sided paired t-tests, corrected \\
            across the gated metrics (Holm by default, or Bonferroni). Replications are added \\
            — 10, 20, 40, … up to --max-replications — until every metric is decided; each \\
            look tests at alpha / (number of looks), so stopping early does not raise the \\
            false-alarm rate above alpha. Which way is worse comes from the metric's \\
            direction (docs/output.md, "better").

            A margin is absolute, in the metric's unit (0.0005, 0.5), or relative to the \\
            baseline's mean (2%). Give the metrics with --metrics NAME[:MARGIN],... (others \\
            take --margin), or in a file (--config gate.yaml, keys alpha, correction, margin, \\
            replications {initial, max}, metrics {NAME: MARGIN}); flags override the file.

            Exit status: 0 no regression (every metric within its margin), 1 a significant \\
            regression (named, with its interval), 2 undecided within the replication budget, \\
            64 bad input.

            Example (docs/runbooks.md has a CI snippet):
              fleetsim gate scenarios/runbook-comparison.yaml \\
                --baseline runbooks/closed-loop.yaml --candidate my-closed-loop.yaml \\
                --metrics mean_time_to_repair_hours:5%,availability:0.0002
            """
    )

    @Argument(help: "A fleet scenario.")
    var scenario: String

    @Option(help: "The runbook file in use (the baseline).")
    var baseline: String

    @Option(help: "The changed runbook file (the candidate).")
    var candidate: String

    @Option(help: "Metrics to gate, comma-separated, each optionally with its margin: NAME[:MARGIN].")
    var metrics: String?

    @Option(help: "Margin for metrics given without one: absolute (0.5) or relative to the baseline (2%). Default 1%.")
    var margin: String?

    @Option(help: "Familywise false-alarm level. Default 0.05.")
    var alpha: Double?

    @Option(help: "Multiple-comparison correction across metrics: holm or bonferroni. Default holm.")
    var correction: String?

    @Option(help: "Replications per runbook at the first look. Default 10.")
    var initialReplications: Int?

    @Option(help: "Replications per runbook at most (the budget). Default 160.")
    var maxReplications: Int?

    @Option(help: "A YAML file with the gate's settings and metrics.")
    var config: String?

    @Flag(help: "Print the outcome as JSON (docs/output.md, \"fleetsim gate\").")
    var json = false

    @Flag(name: [.short, .long], help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        let request: Request
        do { request = try prepare() } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(64)
        }
        let outcome: RegressionGate.Outcome
        do {
            outcome = try RegressionGate.run(request.scenario, baseline: request.baseline, candidate: request.candidate,
                                             gated: request.gated, settings: request.settings, threads: options.threads,
                                             seed: options.seed(for: request.scenario)) { done in
                if !quiet && !json { FileHandle.standardError.write(Data("gate: \(done) replications per runbook\n".utf8)) }
            }
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(64)
        }
        let report = GateReport(outcome: outcome, scenario: scenario, baseline: baseline, candidate: candidate,
                                seed: options.seed(for: request.scenario), settings: request.settings)
        print(json ? report.json() : report.text())
        switch outcome.verdict {
        case .pass: return
        case .regression: throw ExitCode(1)
        case .undecided: throw ExitCode(2)
        }
    }

    struct Request {
        let scenario: Scenario
        let baseline: StrategyComparison.Strategy
        let candidate: StrategyComparison.Strategy
        let gated: [(name: String, margin: RegressionGate.Margin)]
        let settings: RegressionGate.Settings
    }

    /// Everything checked before a replication runs.
    func prepare() throws -> Request {
        var settings = RegressionGate.Settings()
        var defaultMargin = RegressionGate.Margin.relative(0.01)
        var gated: [(name: String, margin: RegressionGate.Margin?)] = []
        if let config { try Self.read(config, into: &settings, margin: &defaultMargin, metrics: &gated) }
        if let alpha { settings.alpha = alpha }
        if let correction {
            guard let value = PairedTest.Correction(rawValue: correction) else { throw CLIError("--correction '\(correction)': expected holm or bonferroni") }
            settings.correction = value
        }
        if let initialReplications { settings.initialReplications = initialReplications }
        if let maxReplications { settings.maximumReplications = maxReplications }
        if let margin { defaultMargin = try Self.margin(margin, what: "--margin") }
        if let metrics {
            gated = try metrics.split(separator: ",").map { entry in
                let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return (parts[0], try parts.count > 1 ? Self.margin(parts[1], what: "--metrics \(parts[0])") : nil)
            }
        }
        guard settings.alpha > 0 && settings.alpha < 0.5 else { throw CLIError("alpha \(settings.alpha): expected a level between 0 and 0.5, e.g. 0.05") }
        guard settings.initialReplications >= 3 else { throw CLIError("initial replications \(settings.initialReplications): expected at least 3") }
        guard settings.maximumReplications >= settings.initialReplications, settings.maximumReplications <= 100_000 else {
            throw CLIError("max replications \(settings.maximumReplications): expected from the initial \(settings.initialReplications) to 100000")
        }
        guard !gated.isEmpty else {
            throw CLIError("no metrics to gate: give --metrics NAME[:MARGIN],... or `metrics:` in --config (docs/runbooks.md, \"Regression gate\")")
        }
        let loaded = try options.load(scenario)
        let baseline = try StrategyComparison.Strategy.load(self.baseline)
        let candidate = try StrategyComparison.Strategy.load(self.candidate)
        let known = StrategyComparison.metrics(of: loaded, strategies: [baseline, candidate])
        do { _ = try RegressionGate.check(gated.map(\.name), among: known) } catch {
            throw CLIError("\(scenario): \(error.description)")
        }
        return Request(scenario: loaded, baseline: baseline, candidate: candidate,
                       gated: gated.map { ($0.name, $0.margin ?? defaultMargin) }, settings: settings)
    }

    /// `2%` (relative to the baseline's mean) or `0.5` (absolute, in the metric's unit).
    static func margin(_ text: String, what: String) throws -> RegressionGate.Margin {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%"), let percent = Double(trimmed.dropLast()), percent >= 0, percent <= 1000 {
            return .relative(percent / 100)
        }
        if let value = Double(trimmed), value >= 0, value.isFinite { return .absolute(value) }
        throw CLIError("\(what): margin '\(text)': expected a non-negative number (absolute, in the metric's unit) or a percentage such as 2%")
    }

    /// The gate's settings file.
    static func read(_ path: String, into settings: inout RegressionGate.Settings, margin: inout RegressionGate.Margin,
                     metrics: inout [(name: String, margin: RegressionGate.Margin?)]) throws {
        do {
            let text = try InputFile.text(path, what: "the gate settings")
            let root = try YAMLDocument.root(of: text, file: path, expected: "gate settings (docs/runbooks.md)")
            let problems = GateFormat.checker.problems(in: root)
            if let first = problems.first { throw first }
            let spec = try root.mapping(allowed: GateFormat.schema.keys)
            if let field = spec.optional("alpha") { settings.alpha = try field.number(in: 1e-6...0.5, expected: "a level such as 0.05") }
            if let field = spec.optional("correction") { settings.correction = try field.choice(PairedTest.Correction.self) }
            if let field = spec.optional("margin") { margin = try Self.margin(try field.scalar(expected: "a margin"), what: "\(path): margin") }
            if let field = spec.optional("replications") {
                let r = try field.mapping(allowed: GateFormat.replications.keys)
                if let initial = r.optional("initial") { settings.initialReplications = try initial.integer(in: 3...100_000) }
                if let maximum = r.optional("max") { settings.maximumReplications = try maximum.integer(in: 3...100_000) }
            }
            if let field = spec.optional("metrics") {
                for (name, value) in try field.namedEntries(expected: "metrics with their margins") {
                    metrics.append((name, try Self.margin(try value.scalar(expected: "a margin"), what: "\(path): metrics.\(name)")))
                }
            }
        } catch let error as LocatedError {
            throw CLIError(error.description)
        }
    }
}

/// The gate's settings file, field by field.
enum GateFormat {
    static let margin = Schema.anyOf([.number(minimum: 0), .pattern("^[0-9.]+%$")]).described("a margin: 0.5 (absolute) or 2% (relative)")
    static let replications = Schema.object([("initial", .integer(minimum: 3)), ("max", .integer(minimum: 3))])
    static let schema = Schema.object([
        ("alpha", .number(above: 0, maximum: 0.5)), ("correction", .enumeration(PairedTest.Correction.allCases.map(\.rawValue))),
        ("margin", margin), ("replications", replications), ("metrics", .named(margin)),
    ])
    static let checker = SchemaChecker(schema)
}

