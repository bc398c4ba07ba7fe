import FleetModel
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

    /// docs/scenario.schema.json is what the field table writes (`fleetsim schema scenario`).
    @Test func thePublishedSchemaIsTheFieldTables() throws {
        let published = try String(contentsOf: Self.root.appendingPathComponent("docs/scenario.schema.json"), encoding: .utf8)
        #expect(published == ScenarioFormat.schema.text, "run: fleetsim schema scenario -o docs/scenario.schema.json")
        let plan = try String(contentsOf: Self.root.appendingPathComponent("docs/plan.schema.json"), encoding: .utf8)
        #expect(plan == PlanFormat.schema.text, "run: fleetsim schema plan -o docs/plan.schema.json")
        #expect((ScenarioFormat.checker.root["$defs"] as? [String: Any])?.keys.sorted() == ["distribution", "duration", "signal"])
    }

    /// The loaders accept exactly the keys the table lists: a key the table lists is not refused
    /// as unknown, and one it does not list is.
    @Test func theLoaderTakesItsKeysFromTheTable() throws {
        let base = try String(contentsOf: Self.broken.appendingPathComponent("base.yaml"), encoding: .utf8)
        for (key, accepted) in [("sample_interval: 2h", true), ("sample_intervals: 2h", false)] {
            let text = base.replacingOccurrences(of: "fleet:\n", with: "fleet:\n  \(key)\n")
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID()).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var message = ""
            do { _ = try ScenarioLoader.load(path: path) } catch { message = error.description }
            #expect(message.contains("unknown key") != accepted, "\(key): \(message)")
            if !accepted { #expect(message.contains("did you mean 'sample_interval'?")) }
        }
        #expect(ScenarioFormat.fleet.keys.first == "sample_interval" && ScenarioFormat.fleet.keys.contains("network"))
    }

    /// Leaving a key out is the same as writing its published default: the loader reads the
    /// default from the table, through the same parsing as a value in a file.
    @Test func publishedDefaultsAreWhatTheLoaderUses() throws {
        let base = try String(contentsOf: Self.broken.appendingPathComponent("base.yaml"), encoding: .utf8)
        let explicit = base
            .replacingOccurrences(of: "      repair_time: 2h\n", with: "      repair_time: 2h\n      repaired_by: technicians\n")
            .replacingOccurrences(of: "      gpus_per_node: 8\n", with: "      gpus_per_node: 8\n      nvlink_domain: node\n      power_kw: 0\n")
            .replacingOccurrences(of: "technicians: {count: 1, coverage: 24x7, response: 1h}", with: "technicians: {response: 1h}")
        #expect(explicit != base)
        for key in ["repaired_by", "nvlink_domain", "power_kw"] {
            #expect(ScenarioFormat.schema.text.contains("\"\(key)\""))
        }
        #expect(ScenarioFormat.componentClass.defaultText(of: "repaired_by") == "technicians")
        #expect(ScenarioFormat.rackType.defaultText(of: "nvlink_domain") == "node" && ScenarioFormat.rackType.defaultText(of: "power_kw") == "0")
        #expect(ScenarioFormat.technicians.defaultText(of: "count") == "1" && ScenarioFormat.technicians.defaultText(of: "coverage") == "24x7")
        func configuration(_ text: String) throws -> FleetConfiguration? {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("defaults-\(UUID()).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard case .fleet(let topology) = try ScenarioLoader.load(path: path).model else { return nil }
            return topology.configuration
        }
        let a = try #require(try configuration(base)), b = try #require(try configuration(explicit))
        #expect(a == b)
    }

    /// A standard JSON Schema validator (Python's jsonschema, draft 2020-12) takes the published
    /// schemas and accepts the shipped files: what an editor's language server does with them.
    @Test func aStandardValidatorAcceptsThePublishedSchemas() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "scripts/check-schemas.py"]
        process.currentDirectoryURL = Self.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("docs/scenario.schema.json: valid") && output.contains("docs/runbooks.schema.json: valid")
                && output.contains("docs/plan.schema.json: valid"), "\(output)")
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
            let schema = ScenarioFormat.checker.problems(in: try YAMLDocument.root(of: text, file: path, expected: ""))
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
        let problems = ScenarioFormat.checker.problems(in: root)
        #expect(problems.map(\.field) == ["replications", "fleet.component_classes.gpu.modes.xid.fault", "fleet.rack_types.hgx.gpus_per_nod",
                                          "fleet.rack_types.hgx.gpus_per_node"], "\(problems.map(\.description))")
    }
}
