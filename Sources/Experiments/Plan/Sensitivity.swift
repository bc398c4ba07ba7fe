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
