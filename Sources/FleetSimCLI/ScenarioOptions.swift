import ArgumentParser
import Foundation
import ScenarioLoading

/// Options every command that runs a scenario shares, and loading the scenario with them.
struct ScenarioOptions: ParsableArguments {
    @Option(help: "Master seed; overrides the scenario's `seed`.")
    var seed: UInt64?

    @Option(help: "Simulated duration with a unit (e.g. 30d, 5y); overrides the scenario's `horizon`.")
    var horizon: String?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
        if let horizon, case .failure(let error) = DurationArgument.hours(horizon) {
            throw ValidationError("--horizon: \(error)")
        }
    }

    /// The scenario at `path`, over `--horizon` if given; problems in the file become one-line errors.
    func load(_ path: String) throws -> Scenario {
        var scenario: Scenario
        do { scenario = try ScenarioLoader.load(path: path) } catch { throw CLIError(error.description) }
        if let horizon, case .success(let hours) = DurationArgument.hours(horizon) { scenario = scenario.withHorizon(hours) }
        return scenario
    }

    /// `--seed`, else the scenario's.
    func seed(for scenario: Scenario) -> UInt64 { seed ?? scenario.seed }
}
