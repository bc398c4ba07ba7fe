import Foundation
import Testing

/// `fleetsim compare` as a user runs it.
@Suite(.serialized) struct CompareCommandTests {
    typealias CLI = CommandLineTests

    /// A misspelt metric is an error with a suggestion, before anything runs.
    @Test func anUnknownMetricIsAnErrorWithADidYouMean() async throws {
        let outcome = try await CLI.fleetsim(["compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/scripted.yaml",
                                        "--metrics", "availability,tickets_per_1000_gpu_month", "-r", "1000"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("--metrics: no metric 'tickets_per_1000_gpu_month'")
                && outcome.stderr.contains("did you mean 'tickets_per_1000_gpu_months'?"), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "nothing ran, nothing printed")
    }

    /// `--json` carries what the table shows, with the paired differences and whether they exclude 0.
    @Test func jsonCarriesEveryStrategyAndThePairedDifferences() async throws {
        let outcome = try await CLI.fleetsim(["compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/scripted.yaml",
                                        "--metrics", "availability,resolved_by_automation_share", "-r", "3", "--horizon", "60d", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(document["format"] as? String == "fleetsim.compare/1" && document["baseline"] as? String == "manual")
        let metrics = document["metrics"] as? [[String: Any]] ?? []
        #expect(metrics.map { $0["metric"] as? String } == ["availability", "resolved_by_automation_share"])
        let automation = metrics.last?["strategies"] as? [[String: Any]] ?? []
        #expect(automation.map { $0["strategy"] as? String } == ["manual", "scripted"])
        #expect(automation[0]["difference_from_baseline"] is NSNull)
        // Manual resolves nothing by automation, scripted a share: the difference is the scripted mean.
        #expect(automation[1]["difference_from_baseline"] as? Double == automation[1]["mean"] as? Double)
        #expect((automation[1]["mean"] as? Double ?? 0) > 0)
    }
}
