@testable import FleetModel
import Testing

@Suite struct RepairPipelineTests {
    @Test func stepSuccessTableMatchesTheConfiguredProbabilities() {
        #expect(FaultKind.allCases.map(\.slot) == Array(FaultKind.allCases.indices))
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.remediationSteps = [
            RemediationStep(action: "reboot", duration: .deterministic(0.25), success: [.transient: 0.9, .software: 0.5]),
            RemediationStep(action: "reimage", duration: .deterministic(1), success: [.software: 0.95]),
        ]
        let pipeline = RepairPipeline(configuration: configuration)
        for (index, step) in configuration.remediationSteps.enumerated() {
            for fault in FaultKind.allCases { #expect(pipeline.stepSuccess[index][fault.slot] == step.success[fault] ?? 0) }
        }
        #expect(pipeline.crews.map(\.size) == configuration.sites.map(\.technicians.count))
    }
}
