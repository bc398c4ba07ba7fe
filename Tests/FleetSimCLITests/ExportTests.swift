import Foundation
import Testing

/// Notebooks and HTML reports from a results directory with a strategy comparison in it.
@Suite(.serialized) struct ExportTests {
    static func resultsWithComparison() async throws -> URL {
        let directory = CommandLineTests.temporaryDirectory()
        let run = try await CommandLineTests.fleetsim(["run", "scenarios/runbook-comparison.yaml", "--horizon", "30d", "-r", "3", "-o", directory.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let compare = try await CommandLineTests.fleetsim([
            "compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/closed-loop.yaml",
            "--horizon", "30d", "-r", "3", "-o", directory.path, "--metrics", "availability,mean_time_to_mitigate_hours",
        ])
        #expect(compare.status == 0, "\(compare.stderr)")
        return directory
    }

    /// scripts/check-notebook.py: runs the notebook headless and counts its figures.
    static func checkNotebook(_ notebook: URL, figures: Int) async throws -> CommandLineTests.Outcome {
        try await CommandLineTests.run(URL(fileURLWithPath: "/usr/bin/env"),
                                 ["python3", CommandLineTests.packageRoot.appendingPathComponent("scripts/check-notebook.py").path, notebook.path, "\(figures)"])
    }

    /// The notebook is valid nbformat, runs headless without errors (nbclient) and draws its four
    /// figures: capacity, incidents, KPIs, comparison.
    @Test func theNotebookRunsAndDrawsItsFigures() async throws {
        let results = try await Self.resultsWithComparison()
        defer { try? FileManager.default.removeItem(at: results) }
        let notebook = results.appendingPathComponent("notebooks/results.ipynb")
        let export = try await CommandLineTests.fleetsim(["export", "notebook", results.path, "-o", notebook.path])
        #expect(export.status == 0, "\(export.stderr)")
        let check = try await Self.checkNotebook(notebook, figures: 4)
        #expect(check.status == 0 && check.stdout.contains("drew 4 figures"), "\(check.stdout)\(check.stderr)")
    }

    /// The report is one file with its charts inline and nothing fetched.
    @Test func theReportIsSelfContained() async throws {
        let results = try await Self.resultsWithComparison()
        defer { try? FileManager.default.removeItem(at: results) }
        let outcome = try await CommandLineTests.fleetsim(["report", results.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let html = try String(contentsOf: results.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 6, "capacity, sites, incidents, two comparison charts and the KPIs")
        for remote in ["http://", "https://", "<script", "<link", "src="] where remote != "http://" {
            #expect(!html.contains(remote), "\(remote)")
        }
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://"))
        #expect(html.contains("<code>mean_time_to_mitigate_hours</code>"))
        let missing = try await CommandLineTests.fleetsim(["report", "/nonexistent"])
        #expect(missing.status != 0 && missing.stderr.contains("has no summary.json"))
    }
}

extension ExportTests {
    /// `compare -o` into a folder of its own writes a whole folder — the comparison as CSV and
    /// JSON, and each strategy's results — which `report` and `export notebook` read.
    @Test func aComparisonFolderOfItsOwnIsReportedAndExported() async throws {
        let results = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: results) }
        let arguments = ["compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/closed-loop.yaml",
                         "--horizon", "30d", "-r", "3", "--metrics", "availability,mean_time_to_mitigate_hours"]
        let compare = try await CommandLineTests.fleetsim(arguments + ["-o", results.path])
        #expect(compare.status == 0, "\(compare.stderr)")
        let json = try await CommandLineTests.fleetsim(arguments + ["--json"])
        #expect(try String(contentsOf: results.appendingPathComponent("comparison.json"), encoding: .utf8) + "\n" == json.stdout)
        for strategy in ["manual", "closed-loop"] {
            let folder = results.appendingPathComponent("strategies/\(strategy)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
            #expect(summary["replications"] as? Int == 3 && (summary["events_fired"] as? Int ?? 0) > 0, "\(strategy)")
            let replications = try String(contentsOf: folder.appendingPathComponent("replications.csv"), encoding: .utf8)
            #expect(replications.split(separator: "\n").count == 4 && replications.hasPrefix("replication,events_fired,availability,"))
        }
        // The strategies' means are the comparison's.
        let comparison = try String(contentsOf: results.appendingPathComponent("comparison.csv"), encoding: .utf8)
        let metrics = try String(contentsOf: results.appendingPathComponent("strategies/closed-loop/metrics.csv"), encoding: .utf8)
        let mean = try #require(metrics.split(separator: "\n").first { $0.hasPrefix("availability,") }?.split(separator: ",")[3])
        #expect(comparison.contains("availability,closed-loop,\(mean),"))

        let report = try await CommandLineTests.fleetsim(["report", results.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOf: results.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("strategy comparison") && html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)

        let notebook = results.appendingPathComponent("notebooks/comparison.ipynb")
        let export = try await CommandLineTests.fleetsim(["export", "notebook", results.path, "-o", notebook.path])
        #expect(export.status == 0, "\(export.stderr)")
        let check = try await Self.checkNotebook(notebook, figures: 1)
        #expect(check.status == 0 && check.stdout.contains("drew 1 figures"), "\(check.stdout)\(check.stderr)")
    }
}
