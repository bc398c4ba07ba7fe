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
