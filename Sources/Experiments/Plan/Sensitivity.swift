import FleetModel
import ScenarioLoading

/// A scenario with one uncertain input moved by a relative change, for tornado analyses: rates
/// and times are scaled without changing their distributions' shapes.
public enum Sensitivity {
    /// `nil` when the input does not apply (no costs, or not a fleet).
    public static func scenario(_ scenario: Scenario, moving input: PlanDefinition.SensitivityInput, by change: Double) -> Scenario? {
        guard case .fleet(let topology) = scenario.model else { return nil }
        var configuration = topology.configuration
        let factor = 1 + change
        switch input {
        case .failureRates:
            for index in configuration.componentClasses.indices {
                configuration.componentClasses[index].timeToFailure = configuration.componentClasses[index].timeToFailure.scaled(by: 1 / factor)
            }
        case .repairTimes:
            for index in configuration.componentClasses.indices {
                configuration.componentClasses[index].repairTime = configuration.componentClasses[index].repairTime.scaled(by: factor)
            }
        case .powerPrice:
            guard configuration.costs != nil else { return nil }
            configuration.costs!.onPrem.electricityPerKWh *= factor
            configuration.costs!.colocation.electricityPerKWh *= factor
            configuration.costs!.edge.electricityPerKWh *= factor
        case .colocationPrice:
            guard configuration.costs != nil else { return nil }
            configuration.costs!.colocation.pricePerKWMonth *= factor
        case .hardwarePrice:
            guard configuration.costs != nil else { return nil }
            for index in configuration.costs!.rackTypes.indices { configuration.costs!.rackTypes[index].capex *= factor }
        }
        var moved = scenario
        moved.model = .fleet(FleetTopology(configuration))
        return moved
    }
}

extension Sensitivity {
    /// A tornado: the objective's mean with each input moved down and up, beside its base value.
    public struct Tornado: Sendable {
        public struct Bar: Sendable {
            public let input: PlanDefinition.SensitivityInput
            public let low: Double
            public let high: Double
            public var swing: Double { abs(high - low) }
        }
        /// The objective's mean at the scenario as given; `nil` when no replication defined it.
        public let base: Double?
        /// Inputs that apply, widest swing first.
        public let bars: [Bar]
    }

    /// Runs `scenario` and each input moved by ±`change` (`replications` each, one study round on
    /// common random numbers) and measures metric `objective`. `definition` identifies the study
    /// the tornado belongs to (the plan and its candidate).
    public static func tornado(_ scenario: Scenario, definition: String, inputs: [PlanDefinition.SensitivityInput], change: Double,
                               objective: Int, replications: Int, seed: UInt64, executor: any StudyExecutor) throws(StudyError) -> Tornado {
        let moved = inputs.compactMap { input -> (PlanDefinition.SensitivityInput, Scenario, Scenario)? in
            guard let down = self.scenario(scenario, moving: input, by: -change), let up = self.scenario(scenario, moving: input, by: change) else { return nil }
            return (input, down, up)
        }
        let variants = [scenario] + moved.flatMap { [$0.1, $0.2] }
        let names = ["base"] + moved.flatMap { ["\($0.0.rawValue) -\(change)", "\($0.0.rawValue) +\(change)"] }
        let round = StudyRound(definition: "sensitivity\n\(definition)\nobjective \(objective)", variants: names, seed: seed, replications: replications)
        let values = StudyRound.byVariant(try executor.evaluate(round) { unit in
            variants[unit.variant].replicate(unit.replication, seed: seed).values[objective]
        }, replications: replications)
        func mean(_ variant: Int) -> Double? {
            let present = values[variant].compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
        }
        guard let base = mean(0) else { return Tornado(base: nil, bars: []) }
        let bars = moved.indices.compactMap { index -> Tornado.Bar? in
            guard let low = mean(1 + 2 * index), let high = mean(2 + 2 * index) else { return nil }
            return Tornado.Bar(input: moved[index].0, low: low, high: high)
        }
        return Tornado(base: base, bars: bars.sorted { $0.swing > $1.swing })
    }
}
