import Foundation
import ScenarioLoading
import Testing

@Suite struct ScenarioLoaderTests {
    static let valid = """
        name: small
        seed: 7
        replications: 4
        horizon: 30d
        warmup: 1d
        repair_pool:
          machines: 8
          technicians: 2
          time_to_failure: "weibull(shape: 0.7, scale: 2000h)"
          repair_time: {family: lognormal, median: 75min, sigma: 1.25}
        """

    func load(_ text: String) throws -> Scenario {
        try ScenarioLoader.parse(text, file: "s.yaml", baseDirectory: URL(fileURLWithPath: "/"))
    }

    func error(_ text: String) -> ScenarioError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error as? ScenarioError
        }
    }

    @Test func aValidScenarioLoadsInHours() throws {
        let scenario = try load(Self.valid)
        #expect(scenario.name == "small" && scenario.seed == 7 && scenario.replications == 4)
        #expect(scenario.horizon == 720 && scenario.warmup == 24)
        guard case .repairPool(let pool) = scenario.model else { Issue.record("wrong model"); return }
        #expect(pool.machines == 8 && pool.technicians == 2)
        #expect(pool.timeToFailure == .weibull(shape: 0.7, scale: 2000))
        #expect(pool.repairTime == .lognormal(mu: log(1.25), sigma: 1.25))
        #expect(scenario.contentHash.count == 16)
    }

    @Test func errorsNameFileLineFieldAndValue() {
        let negative = error(Self.valid.replacingOccurrences(of: "shape: 0.7", with: "shape: -0.7"))
        #expect(negative?.description == "s.yaml:9:20: repair_pool.time_to_failure: 'weibull(shape: -0.7, scale: 2000h)': weibull parameter 'shape' is -0.7; expected a positive number")

        let unit = error(Self.valid.replacingOccurrences(of: "horizon: 30d", with: "horizon: 30 lightyears"))
        #expect(unit?.line == 4 && unit?.field == "horizon")
        #expect(unit?.message.contains("unknown unit 'lightyears'") == true)

        let typo = error(Self.valid.replacingOccurrences(of: "technicians: 2", with: "technicans: 2"))
        #expect(typo?.line == 8 && typo?.message.contains("did you mean 'technicians'?") == true)

        let missing = error(Self.valid.replacingOccurrences(of: "horizon: 30d\n", with: ""))
        #expect(missing?.field == "horizon" && missing?.message.contains("missing") == true)

        let count = error(Self.valid.replacingOccurrences(of: "machines: 8", with: "machines: -3"))
        #expect(count?.field == "repair_pool.machines" && count?.message.contains("'-3'") == true)
    }

    @Test func unquotedColonsGetAHint() {
        let unquoted = error(Self.valid.replacingOccurrences(
            of: "\"weibull(shape: 0.7, scale: 2000h)\"", with: "weibull(shape: 0.7, scale: 2000h)"))
        #expect(unquoted?.line == 9)
        #expect(unquoted?.message.contains("must be quoted") == true)
    }

    @Test func malformedYAMLAndEmptyFilesAreReported() {
        #expect(error("name: [unclosed")?.message.contains("not valid YAML") == true)
        #expect(error("")?.message.contains("empty") == true)
        #expect(error("- a\n- b")?.message.contains("expected a mapping") == true)
    }

    @Test func warmupMustBeShorterThanTheHorizon() {
        let bad = error(Self.valid.replacingOccurrences(of: "warmup: 1d", with: "warmup: 31d"))
        #expect(bad?.field == "warmup")
    }

    @Test func everyShippedScenarioLoads() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(throws: Never.self) { try ScenarioLoader.load(path: directory.appendingPathComponent(file).path) }
        }
    }
}

/// `extends`: a scenario laid over another, key by key, with errors located in the right file.
@Suite struct ScenarioExtendsTests {
    static func write(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-extends-\(UUID())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("base"), withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    static let base = """
        name: base
        seed: 5
        horizon: 30d
        repair_pool:
          machines: 10
          technicians: 1
          time_to_failure: "exponential(mean: 1000h)"
          repair_time: 4h
        """

    @Test func aVariantOverridesOnlyWhatItSays() throws {
        let directory = try Self.write([
            "base/base.yaml": Self.base,
            "variant.yaml": "extends: base/base.yaml\nname: variant\nrepair_pool:\n  technicians: 3\n",
        ])
        let scenario = try ScenarioLoader.load(path: directory.appendingPathComponent("variant.yaml").path)
        guard case .repairPool(let pool) = scenario.model else { Issue.record("not a pool"); return }
        #expect(scenario.name == "variant" && scenario.seed == 5 && scenario.horizon == 720)
        #expect(pool.technicians == 3 && pool.machines == 10 && pool.repairTime == .deterministic(4))
        let plain = try ScenarioLoader.load(path: directory.appendingPathComponent("base/base.yaml").path)
        #expect(plain.contentHash != scenario.contentHash)
    }

    @Test func mistakesAreReportedInTheFileThatHasThem() throws {
        let directory = try Self.write([
            "base/base.yaml": Self.base.replacingOccurrences(of: "machines: 10", with: "machines: 10\n  machnes: 3"),
            "variant.yaml": "extends: base/base.yaml\nrepair_pool:\n  technicians: 3\n",
            "loop.yaml": "extends: loop.yaml\nhorizon: 1d\n",
            "missing.yaml": "extends: nowhere.yaml\n",
        ])
        func error(_ name: String) -> String {
            let path = directory.appendingPathComponent(name).path
            do { _ = try ScenarioLoader.load(path: path); return "" } catch { return error.description }
        }
        let variant = error("variant.yaml")
        #expect(variant.contains("base/base.yaml:6:3: repair_pool.machnes: unknown key 'machnes'; did you mean 'machines'?"), "\(variant)")
        #expect(error("loop.yaml").contains("extends: 'loop.yaml' extends itself"), "\(error("loop.yaml"))")
        #expect(error("missing.yaml").contains("missing.yaml:1:10: extends: cannot read 'nowhere.yaml'"), "\(error("missing.yaml"))")
    }
}
