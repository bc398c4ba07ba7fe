import Foundation
import Testing

/// `fleetsim gate` end to end: the docs' worked example is caught, identical runbooks pass, a
/// spent budget is undecided, and bad input is refused before anything runs — each with its exit
/// status.
@Suite(.serialized) struct GateCommandTests {
    typealias CLI = CommandLineTests
    static let base = ["gate", "scenarios/runbook-comparison.yaml", "--baseline", "runbooks/closed-loop.yaml", "-q", "--threads", "2"]

    @Test func theWorkedExampleIsCaught() async throws {
        let outcome = try await CLI.fleetsim(Self.base + ["--candidate", "docs/examples/closed-loop-ticket-first.yaml",
                                                     "--metrics", "human_touches_per_1000_gpu_months:5%,availability:0.0001", "--json"])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "fleetsim.gate/1" && document["verdict"] as? String == "regression")
        #expect(document["correction"] as? String == "holm" && document["looks_planned"] as? Int == 5)
        let metrics = try #require(document["metrics"] as? [[String: Any]])
        let touches = try #require(metrics.first { $0["metric"] as? String == "human_touches_per_1000_gpu_months" })
        #expect(touches["decision"] as? String == "regression" && touches["direction"] as? String == "lower_is_better")
        let low = try #require(touches["difference_ci_low"] as? Double), margin = try #require(touches["margin"] as? Double)
        #expect(low > margin, "the interval lies beyond the margin")
        // The text names it, with its interval.
        let text = try await CLI.fleetsim(Self.base + ["--candidate", "docs/examples/closed-loop-ticket-first.yaml",
                                                  "--metrics", "human_touches_per_1000_gpu_months:5%,availability:0.0001"])
        #expect(text.status == 1 && text.stdout.contains("REGRESSION  human_touches_per_1000_gpu_months  Δ +"), "\(text.stdout)")
        #expect(text.stdout.contains("verdict: FAIL"))
    }

    @Test func identicalRunbooksPassAndASpentBudgetIsUndecided() async throws {
        let same = try await CLI.fleetsim(Self.base + ["--candidate", "runbooks/closed-loop.yaml", "--metrics", "availability,mean_time_to_repair_hours"])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("identical   availability") && same.stdout.contains("verdict: pass"))
        let spent = try await CLI.fleetsim(Self.base + ["--candidate", "docs/examples/closed-loop-ticket-first.yaml", "--metrics",
                                                   "mean_time_to_repair_hours:10%", "--initial-replications", "3", "--max-replications", "3"])
        #expect(spent.status == 2, "\(spent.stdout)\(spent.stderr)")
        #expect(spent.stdout.contains("undecided within 3 replications"))
    }

    @Test func settingsComeFromAFileAndFlagsOverrideIt() async throws {
        let file = CLI.temporaryDirectory().appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "alpha: 0.01\ncorrection: bonferroni\nreplications: {initial: 4, max: 8}\nmetrics:\n  availability: 0.0001\n  human_touches_per_1000_gpu_months: 5%\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await CLI.fleetsim(Self.base + ["--candidate", "docs/examples/closed-loop-ticket-first.yaml", "--config", file.path,
                                                     "--alpha", "0.05", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stderr)")
        #expect(document["alpha"] as? Double == 0.05 && document["correction"] as? String == "bonferroni" && document["looks_planned"] as? Int == 2)
        #expect((document["metrics"] as? [[String: Any]])?.count == 2)
    }

    @Test(arguments: [
        (["--metrics", "availabilty"], "scenarios/runbook-comparison.yaml: no metric 'availabilty' in this scenario; did you mean 'availability'?"),
        (["--metrics", "alerts"], "metric 'alerts' is better neither higher nor lower"),
        (["--metrics", "availability:lots"], "margin 'lots': expected a non-negative number"),
        ([], "no metrics to gate"),
        (["--metrics", "availability", "--correction", "sidak"], "--correction 'sidak': expected holm or bonferroni"),
        (["--metrics", "availability", "--max-replications", "2"], "max replications 2"),
        (["--metrics", "availability", "--config", "/nonexistent.yaml"], "/nonexistent.yaml"),
    ])
    func badInputIsRefusedWithStatus64(_ extra: [String], _ message: String) async throws {
        let outcome = try await CLI.fleetsim(Self.base + ["--candidate", "runbooks/scripted.yaml"] + extra)
        #expect(outcome.status == 64, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }
}
