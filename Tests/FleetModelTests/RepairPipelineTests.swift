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
        #expect(pipeline.crews.map { Int($0.size) } == configuration.sites.map(\.technicians.count))
    }

    @Test func eachClassFindsItsPartsStockAtEverySite() {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses[0].part = "gpu"
        configuration.componentClasses[1].part = "pdu"
        configuration.sites[0].spares = [
            SparePolicy(part: "pdu", initialStock: 1, reorderPoint: 0, reorderQuantity: 1, leadTime: .deterministic(24)),
            SparePolicy(part: "gpu", initialStock: 4, reorderPoint: 2, reorderQuantity: 4, leadTime: .deterministic(48)),
        ]
        configuration.sites[1].spares = [
            SparePolicy(part: "gpu", initialStock: 2, reorderPoint: 1, reorderQuantity: 2, leadTime: .deterministic(48)),
        ]
        let pipeline = RepairPipeline(configuration: configuration)
        #expect(pipeline.partNames == ["gpu", "pdu"] && pipeline.partOfClass == [0, 1, -1])
        let expected: [[(spare: Int32, reorderPoint: Int, onHand: Int)?]] = [
            [(1, 2, 4), (0, 0, 1), nil],   // site a: gpu, pdu, wan_link
            [(0, 1, 2), nil, nil],         // site b stocks no PDU
        ]
        for (site, classes) in expected.enumerated() {
            for (classIndex, want) in classes.enumerated() {
                let stock = pipeline.stock(site: SiteID(site), classIndex: classIndex).map { pipeline.stocks[$0] }
                #expect(stock?.spare == want?.spare && stock?.reorderPoint == want?.reorderPoint && stock?.onHand == want?.onHand,
                        "site \(site), class \(classIndex)")
            }
        }
    }
}
