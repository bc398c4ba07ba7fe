import Foundation
import LocatedYAML
@testable import ScenarioLoading
import Testing

/// The schema (docs/scenario.schema.json) and the loader agree: shipped scenarios pass both, and
/// each broken file in Broken/ (one kind of mistake each, its expected line and message in its
/// first comment) is caught at that line — by the schema and the loader alike, or by the loader
/// alone for problems of meaning.
@Suite struct ScenarioSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let broken = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Broken")

    static var brokenFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: broken.path)) ?? []).filter { $0 != "base.yaml" && $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theCompiledSchemaIsThePublishedOne() throws {
        let published = try String(contentsOf: Self.root.appendingPathComponent("docs/scenario.schema.json"), encoding: .utf8)
        #expect(published == ScenarioSchema.text, "run python3 scripts/scenario-schema.py")
        #expect(!ScenarioSchema.shared.root.isEmpty, "the schema parses")
    }

    @Test func everyShippedScenarioPassesTheSchema() throws {
        let directory = Self.root.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 8)
        for file in files {
            let (problems, scenario) = ScenarioLoader.validate(path: directory.appendingPathComponent(file).path)
            #expect(problems.isEmpty && scenario != nil, "\(file): \(problems.map(\.description))")
        }
        #expect(ScenarioLoader.validate(path: Self.broken.appendingPathComponent("base.yaml").path).problems.isEmpty)
    }

    @Test(arguments: brokenFiles)
    func brokenFilesAreCaughtAtTheirLine(_ name: String) throws {
        let path = Self.broken.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first.map(String.init))
        let parts = header.dropFirst("# expect: ".count).split(separator: ":", maxSplits: 1)
        let line = Int(parts[0]), fragment = parts[1].trimmingCharacters(in: .whitespaces)
        let loaderOnly = text.contains("# loader-only")

        var loaderError: ScenarioError?
        do { _ = try ScenarioLoader.load(path: path) } catch { loaderError = error }
        #expect(loaderError?.line == line, "\(name): loader says \(String(describing: loaderError))")
        #expect(loaderError?.description.contains(fragment) == true, "\(name): \(String(describing: loaderError))")

        let (problems, scenario) = ScenarioLoader.validate(path: path)
        #expect(scenario == nil)
        #expect(problems.first?.line == line, "\(name): validate says \(problems.map(\.description))")
        #expect(problems.first?.description.contains(fragment) == true, "\(name): \(problems.map(\.description))")
        if !loaderOnly, case .mapping = (try? YAMLDocument.root(of: text, file: path, expected: ""))?.node {
            let schema = ScenarioSchema.shared.problems(in: try YAMLDocument.root(of: text, file: path, expected: ""))
            #expect(schema.first?.line == line, "\(name): the schema says \(schema.map(\.description))")
        }
    }

    /// Validation reports every structural problem of a file, not only the first.
    @Test func everyProblemIsReported() throws {
        let text = try String(contentsOf: Self.broken.appendingPathComponent("base.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "replications: 2", with: "replications: two")
            .replacingOccurrences(of: "fault: transient", with: "fault: flaky")
            .replacingOccurrences(of: "gpus_per_node: 8", with: "gpus_per_nod: 8")
        let root = try YAMLDocument.root(of: text, file: "many.yaml", expected: "")
        let problems = ScenarioSchema.shared.problems(in: root)
        #expect(problems.map(\.field) == ["replications", "fleet.component_classes.gpu.modes.xid.fault", "fleet.rack_types.hgx.gpus_per_nod",
                                          "fleet.rack_types.hgx.gpus_per_node"], "\(problems.map(\.description))")
    }
}
