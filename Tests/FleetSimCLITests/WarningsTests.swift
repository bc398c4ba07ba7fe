import Foundation
import Testing

/// Inputs that are valid but silently skew a result are said: on stderr, and in summary.json
/// (run) or plan.json (plan); runs without them keep summary.json as it was.
@Suite(.serialized) struct WarningsTests {
    typealias CLI = CommandLineTests

    /// nvl72-sourcing.yaml with racks in colocation under a 3-year contract.
    static func scenario(in directory: URL, contractTerm: String?) throws -> URL {
        var text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("scenarios/nvl72-sourcing.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "extends: mixed-fleet.yaml", with: "extends: \(CLI.packageRoot.appendingPathComponent("scenarios/mixed-fleet.yaml").path)")
            .replacingOccurrences(of: "racks: {gb200-nvl72: 0}", with: "racks: {gb200-nvl72: 4}")
        if let contractTerm {
            text = text.replacingOccurrences(of: "remote_hands_per_hour: 200}", with: "remote_hands_per_hour: 200, contract_term: \(contractTerm)}")
        }
        #expect(text.contains("gb200-nvl72: 4") && (contractTerm == nil || text.contains("contract_term")))
        let file = directory.appendingPathComponent("colo-\(contractTerm ?? "none").yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func aHorizonShorterThanTheContractTermIsAWarning() async throws {
        let base = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let skewed = try await CLI.fleetsim(["run", try Self.scenario(in: base, contractTerm: "3y").path, "--horizon", "90d", "-r", "2",
                                       "-o", base.appendingPathComponent("skewed").path])
        #expect(skewed.status == 0, "\(skewed.stderr)")
        #expect(skewed.stderr.contains("warning:") && skewed.stderr.contains("contract_term (3y) is longer than the horizon (90d)"), "\(skewed.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("skewed/summary.json"))) as? [String: Any]
        let warnings = summary?["warnings"] as? [String] ?? []
        #expect(warnings.count == 1 && warnings[0].contains("cost_facility, tco_total"))

        // Over the whole term, or without a term, there is nothing to say.
        for (term, horizon) in [("3y", "3y"), (nil, "90d")] as [(String?, String)] {
            let fine = try await CLI.fleetsim(["run", try Self.scenario(in: base, contractTerm: term).path, "--horizon", horizon, "-r", "2",
                                         "-o", base.appendingPathComponent("fine-\(horizon)-\(term ?? "none")").path])
            #expect(fine.status == 0 && !fine.stderr.contains("warning:"), "\(fine.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathComponent("fine-\(horizon)-\(term ?? "none")/summary.json"))) as? [String: Any]
            #expect(document?["warnings"] == nil)
        }
    }
}
