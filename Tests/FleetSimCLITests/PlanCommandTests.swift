import Foundation
import Testing

/// `fleetsim plan` as a user runs it.
@Suite(.serialized) struct PlanCommandTests {
    static let fixtures = CommandLineTests.packageRoot.appendingPathComponent("Tests/ExperimentsTests/Fixtures")

    /// The same plan twice gives byte-identical files, whatever the threads; the recommended
    /// scenario runs.
    @Test func samePlanSameFiles() async throws {
        let a = CommandLineTests.temporaryDirectory(), b = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let plan = Self.fixtures.appendingPathComponent("small-plan.yaml").path
        let first = try await CommandLineTests.fleetsim(["plan", plan, "-o", a.path, "--threads", "1"])
        let second = try await CommandLineTests.fleetsim(["plan", plan, "-o", b.path, "--threads", "2", "--json"])
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("recommended: coverage="))
        // --json prints plan.json instead of the text.
        #expect(second.stdout == String(decoding: try Data(contentsOf: b.appendingPathComponent("plan.json")), as: UTF8.self) + "\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: a.path).filter { $0 != ".fleetsim-results" }.sorted()
        #expect(files == ["candidates.csv", "pareto.csv", "plan.json", "recommended.yaml", "sensitivity.csv"])
        for file in files {
            #expect(try Data(contentsOf: a.appendingPathComponent(file)) == Data(contentsOf: b.appendingPathComponent(file)), "\(file)")
        }
        let run = try await CommandLineTests.fleetsim(["validate", a.appendingPathComponent("recommended.yaml").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let report = try await CommandLineTests.fleetsim(["report", a.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: a.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2, "a Pareto frontier and the tornado")
        #expect(html.contains("Recommended</th><td><strong>"))
    }

    /// A plan no candidate can meet says so, names the closest candidates, and exits with 2.
    @Test func anImpossiblePlanSaysWhatComesClosest() async throws {
        let directory = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("small-plan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "scenario: small-fleet.yaml", with: "scenario: \(Self.fixtures.appendingPathComponent("small-fleet.yaml").path)")
            .replacingOccurrences(of: "min: 0.985", with: "min: 0.9999")
        let plan = directory.appendingPathComponent("impossible.yaml")
        try text.write(to: plan, atomically: true, encoding: .utf8)
        let outcome = try await CommandLineTests.fleetsim(["plan", plan.path, "-o", directory.appendingPathComponent("out").path])
        #expect(outcome.status == 2)
        #expect(outcome.stdout.contains("no candidate meets every constraint at its confidence level; the closest:"), "\(outcome.stdout)")
        #expect(outcome.stdout.components(separatedBy: "infeasible: availability").count > 3)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out/plan.json"))) as? [String: Any]
        #expect(summary?["recommended"] is NSNull)
        #expect((summary?["closest"] as? [Any])?.count == 3)
    }

    @Test func planFileErrorsAreLocated() async throws {
        let directory = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try String(contentsOf: Self.fixtures.appendingPathComponent("small-plan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "scenario: small-fleet.yaml", with: "scenario: \(Self.fixtures.appendingPathComponent("small-fleet.yaml").path)")
        let cases = [
            ("metric: availability", "metric: availabilty", ":9:14:", "unknown metric of small-fleet 'availabilty'; did you mean 'availability'?"),
            ("path: fleet.sites.0.technicians.count", "path: fleet.sites.3.technicians.count", ":6:31:", "'3' is not an index of a list of 1 entries"),
            ("{minimize: tco_total}", "{minimise: tco_total}", ":10:13:", "unknown key 'minimise'; did you mean 'minimize'?"),
            // Hostile or mistaken input that used to allocate gigabytes, overflow, trap or run to
            // "no candidate meets every constraint".
            ("values: [0, 2, 6]", "range: {from: 0, to: 1000000000, step: 1}", ":7:65:",
             "the range has 1000000001 values; a plan has at most 10000 candidates"),
            ("values: [1, 2]}", "range: {from: 1, to: 100001, step: 1}}", ":6:71:", "the range has 100001 values"),
            ("values: [0, 2, 6]", "range: {from: 0, to: 9999, step: 1}", ":7:5:",
             "with 'spares' (10000 values) the plan has more than 10000 candidates"),
            ("name: technicians", "name: coverage", ":6:5:", "a second variable named 'coverage'"),
            ("max: 32", "max: 1000000000", ":3:35:", "'1000000000' is not allowed; expected a whole number from 4 to 10000"),
            ("path: fleet.sites.0.spares.gpu.stock", "path: fleet.sites.0.sparez.gpu.stock", ":7:26:",
             "fleet.sites.0.sparez: unknown key 'sparez'; did you mean 'spares'?"),
        ]
        for (original, replacement, line, message) in cases {
            let plan = directory.appendingPathComponent("broken.yaml")
            try base.replacingOccurrences(of: original, with: replacement).write(to: plan, atomically: true, encoding: .utf8)
            let outcome = try await CommandLineTests.fleetsim(["plan", plan.path])
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("broken.yaml\(line)") && outcome.stderr.contains(message), "\(outcome.stderr)")
        }
    }
}
