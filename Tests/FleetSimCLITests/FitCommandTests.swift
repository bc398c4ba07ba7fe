import Foundation
import Testing

/// `fleetsim fit --json` carries the same fits as the tables.
@Suite(.serialized) struct FitCommandTests {
    typealias CLI = CommandLineTests

    @Test func jsonCarriesEveryFitBestFirst() throws {
        let text = try CLI.fleetsim(["fit", "scenarios/data/lanl-system-20.csv"])
        let outcome = try CLI.fleetsim(["fit", "scenarios/data/lanl-system-20.csv", "--json"])
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
