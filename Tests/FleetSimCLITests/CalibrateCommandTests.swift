import Foundation
import Testing

/// `fleetsim calibrate`: its files, a round trip through its own simulated log, and bad input.
@Suite(.serialized) struct CalibrateCommandTests {
    typealias CLI = CommandLineTests
    static let scenario = "Tests/ExperimentsTests/Fixtures/calibration-fleet.yaml"
    static let quick = ["--class", "node", "--replications", "8", "--permutations", "19", "-q"]

    /// A year of failures on the fixture's 32 nodes: exponential lifetimes (mean 400 h) and
    /// repairs of 2–6 h, from SplitMix64 so that the log is the same on every machine.
    static func syntheticLog() -> String {
        var state: UInt64 = 0x5EED
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
        }
        var rows: [(Double, Int, Double)] = []
        for node in 0..<32 {
            var time = 0.0
            while true {
                time += -400 * log(uniform())
                guard time < 8760 else { break }
                let repair = 2 + 4 * uniform()
                rows.append((time, node, repair))
                time += repair
            }
        }
        return "time,node,category,repair_hours\n" + rows.sorted { $0.0 < $1.0 }
            .map { String(format: "%.4f,%d,Hardware,%.4f", $0.0, $0.1, $0.2) }.joined(separator: "\n") + "\n"
    }

    @Test func writesItsFilesAndReproducesItsOwnSimulatedLog() async throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.csv")
        try Self.syntheticLog().write(to: log, atomically: true, encoding: .utf8)
        let first = folder.appendingPathComponent("first").path
        let outcome = try await CLI.fleetsim(["calibrate", log.path, "--scenario", Self.scenario, "-o", first] + Self.quick)
        #expect(outcome.status == 0 || outcome.status == 2, "\(outcome.stderr)")
        let files = try CLI.files(in: URL(fileURLWithPath: first))
        for name in ["calibrated.yaml", "comparison.csv", "qq.csv", "hold-out.csv", "simulated-incidents.csv", "calibration.json", "report.html"] {
            #expect(files[name] != nil, "\(name) missing")
        }
        let comparison = String(decoding: files["comparison.csv"] ?? Data(), as: UTF8.self)
        #expect(comparison.hasPrefix("quantity,logged_count,simulated_count,"))
        for quantity in ["time_between_failures_hours", "repair_time_hours", "incidents_per_week", "concurrent_outages"] {
            #expect(comparison.contains("\n\(quantity),"), "\(quantity)")
        }
        let report = String(decoding: files["report.html"] ?? Data(), as: UTF8.self)
        #expect(report.contains("Q-Q plots") && report.components(separatedBy: "<svg").count == 5, "four Q-Q plots")
        let document = try JSONSerialization.jsonObject(with: files["calibration.json"] ?? Data()) as? [String: Any] ?? [:]
        #expect(document["format"] as? String == "fleetsim.calibration/1" && document["class"] as? String == "node")

        // The calibrated scenario loads on its own, from where it was written.
        let validate = try await CLI.fleetsim(["validate", first + "/calibrated.yaml"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        // Its own simulated log is consistent with it: exit 0.
        let second = folder.appendingPathComponent("second").path
        let again = try await CLI.fleetsim(["calibrate", first + "/simulated-incidents.csv", "--scenario", first + "/calibrated.yaml",
                                            "-o", second] + Self.quick)
        #expect(again.status == 0, "\(again.stderr)\(String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: second + "/comparison.csv"))) ?? Data(), as: UTF8.self))")
        // `fleetsim report` draws the same page from the folder.
        let redraw = try await CLI.fleetsim(["report", first, "-o", folder.appendingPathComponent("again.html").path])
        #expect(redraw.status == 0, "\(redraw.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("again.html"), encoding: .utf8) == report)
    }

    @Test func badInputIsRefusedWithTheReason() async throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.csv")
        try Self.syntheticLog().write(to: log, atomically: true, encoding: .utf8)
        let out = ["-o", folder.appendingPathComponent("out").path]
        let cases: [([String], Int32, String)] = [
            (["calibrate", log.path, "--scenario", Self.scenario] + out, 1, "has 2 component classes (node, psu); say which one the log describes with --class"),
            (["calibrate", log.path, "--scenario", Self.scenario, "--class", "gpu"] + out, 1, "no component class 'gpu'; its classes: node, psu"),
            (["calibrate", log.path, "--scenario", "scenarios/lanl-system20-replay.yaml", "--class", "node"] + out, 1, "replays its failures from incident_trace"),
            (["calibrate", log.path, "--scenario", "scenarios/repair-pool.yaml"] + out, 1, "calibrate needs a `fleet` scenario"),
            (["calibrate", "no-such.csv", "--scenario", Self.scenario, "--class", "node"] + out, 1, "no-such.csv"),
            (["calibrate", log.path, "--scenario", Self.scenario, "--class", "node", "--category", "Software"] + out, 1, "categories present: Hardware"),
            (["calibrate", log.path, "--scenario", Self.scenario, "--class", "node", "--hold-out", "1.5"] + out, 64, "--hold-out must lie in [0, 0.9)"),
            (["calibrate", log.path, "--scenario", Self.scenario, "--class", "node", "--replications", "1"] + out, 64, "--replications must be at least 2"),
        ]
        for (arguments, status, message) in cases {
            let outcome = try await CLI.fleetsim(arguments)
            #expect(outcome.status == status && outcome.stderr.contains(message), "\(arguments): \(outcome.status) \(outcome.stderr)")
        }
        // A log whose nodes the scenario does not have.
        let wide = folder.appendingPathComponent("wide.csv")
        try "time,node,category,repair_hours\n1,0,Hardware,1\n5,40,Hardware,1\n9,0,Hardware,1\n20,3,Hardware,2\n".write(to: wide, atomically: true, encoding: .utf8)
        let outcome = try await CLI.fleetsim(["calibrate", wide.path, "--scenario", Self.scenario, "--class", "node"] + out)
        #expect(outcome.status == 1 && outcome.stderr.contains("names node 40, but class 'node' has 32 components"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "nothing half-written")
    }
}
