import Foundation
import Testing

/// `fleetsim compare` as a user runs it.
@Suite(.serialized) struct CompareCommandTests {
    typealias CLI = CommandLineTests

    /// A misspelt metric is an error with a suggestion, before anything runs.
    @Test func anUnknownMetricIsAnErrorWithADidYouMean() throws {
        let outcome = try CLI.fleetsim(["compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/scripted.yaml",
                                        "--metrics", "availability,tickets_per_1000_gpu_month", "-r", "1000"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("--metrics: no metric 'tickets_per_1000_gpu_month'")
                && outcome.stderr.contains("did you mean 'tickets_per_1000_gpu_months'?"), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "nothing ran, nothing printed")
    }
}
