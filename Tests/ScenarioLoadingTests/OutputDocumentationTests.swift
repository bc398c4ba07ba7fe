import Foundation
import FleetModel
import ScenarioLoading
import SimulationCore
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
                // Its direction is declared, and docs/output.md's "better" column says the same.
                #expect(MetricDirections.declared(metric.name) == metric.direction, "\(file): \(metric.name) declares no direction")
                let better = ["higher_is_better": "higher", "lower_is_better": "lower", "neither": "neither"][metric.direction.rawValue]!
                let row = documentation.split(separator: "\n").first { $0.hasPrefix("| ") && $0.contains("`\(documentedName)`") }
                #expect(row?.contains(" | \(better) | ") == true, "\(file): docs/output.md's row of \(documentedName) does not say \(better)")
            }
            for table in scenario.replicate(0, seed: 1).tables {
                #expect(documentation.contains("`\(table.name).csv`"), "\(file): table \(table.name)")
                let stated = Self.statedTypes(of: table.name, in: documentation)
                for column in table.typedColumns {
                    #expect(stated[column.name] == column.type.rawValue,
                            "\(file): docs/output.md states \(table.name).csv's `\(column.name)` as \(stated[column.name] ?? "nothing"), the table declares \(column.type)")
                }
                for row in table.rows {
                    for (cell, type) in zip(row, table.types) where !Self.reads(cell, as: type) {
                        Issue.record("\(file): \(table.name).csv holds '\(cell)' in a column declared \(type)")
                    }
                }
            }
        }
    }

    /// The type docs/output.md states for each column of `table`: the `| column | type | meaning |`
    /// table that follows the line naming `table.csv`.
    static func statedTypes(of table: String, in documentation: String) -> [String: String] {
        let lines = documentation.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("`\(table).csv`") || $0.hasPrefix("## `\(table).csv`") }) else { return [:] }
        var types: [String: String] = [:]
        var inTable = false
        for line in lines[(start + 1)...] {
            if line.hasPrefix("| column | type |") { inTable = true; continue }
            if inTable && !line.hasPrefix("|") { break }
            guard inTable else { continue }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            for name in cells[0].split(separator: "`", omittingEmptySubsequences: false).enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                types[String(name)] = cells[1]
            }
        }
        return types
    }

    /// Whether `cell` is a value of `type` (an empty cell is "no value" in every type).
    static func reads(_ cell: String, as type: ResultTable.ColumnType) -> Bool {
        if cell.isEmpty { return true }
        switch type {
        case .string: return true
        case .integer: return Int(cell) != nil
        case .number: return Double(cell) != nil
        case .boolean: return cell == "true" || cell == "false"
        }
    }
}
