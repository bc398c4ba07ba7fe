import Foundation
import ScenarioLoading
import Testing

/// docs/output.md documents every metric and table column the shipped scenarios produce.
@Suite struct OutputDocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyMetricAndColumnIsDocumented() throws {
        let documentation = try String(contentsOf: Self.root.appendingPathComponent("docs/output.md"), encoding: .utf8)
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(scenarios.count >= 4)
        for file in scenarios {
            let scenario = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(file)").path).withHorizon(48)
            for metric in scenario.metrics {
                let documentedName = metric.name.hasPrefix("availability_") ? "availability_<kind>"
                    : metric.name.hasPrefix("incidents_") ? "incidents_<class>"
                    : metric.name.hasPrefix("training_interruptions_") ? "training_interruptions_<cause>"
                    : metric.name.hasPrefix("training_lost_gpu_hours_") ? "training_lost_gpu_hours_<cause>"
                    : metric.name.hasPrefix("cost_tenant_") ? "cost_tenant_<tenant>" : metric.name
                #expect(documentation.contains("`\(documentedName)`"), "\(file): metric \(metric.name) is not in docs/output.md")
            }
            for table in scenario.replicate(0, seed: 1).tables {
                #expect(documentation.contains("`\(table.name).csv`"), "\(file): table \(table.name)")
                for column in table.columns {
                    #expect(documentation.contains("`\(column)`"), "\(file): column \(column) of \(table.name).csv")
                }
            }
        }
    }
}
