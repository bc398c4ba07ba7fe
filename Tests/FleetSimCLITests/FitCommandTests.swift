import Foundation
import Testing

/// `fleetsim fit --json` carries the same fits as the tables.
@Suite(.serialized) struct FitCommandTests {
    typealias CLI = CommandLineTests

    @Test func jsonCarriesEveryFitBestFirst() async throws {
        let text = try await CLI.fleetsim(["fit", "scenarios/data/lanl-system-20.csv"])
        let outcome = try await CLI.fleetsim(["fit", "scenarios/data/lanl-system-20.csv", "--json"])
        #expect(text.status == 0 && outcome.status == 0, "\(outcome.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(document["format"] as? String == "fleetsim.fit/1" && document["incidents"] as? Int == 2478)
        for key in ["time_between_failures_hours", "repair_time_hours"] {
            let section = document[key] as? [String: Any] ?? [:]
            let fits = section["fits"] as? [[String: Any]] ?? []
            #expect(fits.count >= 3, "\(key)")
            let aics = fits.compactMap { $0["aic"] as? Double }
            #expect(aics == aics.sorted(), "\(key): best AIC first")
            // The best fit is the one the text's scenario block uses.
            let best = try #require(section["best"] as? String)
            #expect(fits.first?["scenario_text"] as? String == best && text.stdout.contains(best), "\(key)")
        }
    }
}

extension FitCommandTests {
    /// The same log saved by Excel on Windows (byte-order mark, CRLF) fits to the same figures:
    /// it once gave "0 incidents match … (categories present: )".
    @Test func anExcelExportFitsLikeTheOriginal() async throws {
        let original = try String(contentsOfFile: "scenarios/data/lanl-system-20.csv", encoding: .utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("excel-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try ("\u{FEFF}" + original.replacingOccurrences(of: "\n", with: "\r\n")).write(to: url, atomically: true, encoding: .utf8)
        let a = try await CLI.fleetsim(["fit", "scenarios/data/lanl-system-20.csv", "--json"])
        let b = try await CLI.fleetsim(["fit", url.path, "--json"])
        #expect(a.status == 0 && b.status == 0, "\(b.stderr)")
        #expect(b.stdout.replacingOccurrences(of: url.path, with: "LOG") == a.stdout.replacingOccurrences(of: "scenarios/data/lanl-system-20.csv", with: "LOG"))
    }
}
