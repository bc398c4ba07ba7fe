import Foundation
import Testing

/// A report or a comparison made from a run's results is never deleted unsaid by running the
/// scenario again into the same folder.
@Suite(.serialized) struct AddedFilesTests {
    typealias CLI = CommandLineTests

    @Test func rerunningRefusesToDeleteAReportOrAComparisonMadeFromTheResults() async throws {
        let base = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let folder = base.appendingPathComponent("results")
        let run = ["run", "scenarios/runbook-comparison.yaml", "-r", "2", "--horizon", "30d", "-q", "-o", folder.path]
        #expect(try await CLI.fleetsim(run).status == 0)
        #expect(try await CLI.fleetsim(["report", folder.path]).status == 0)
        let compare = try await CLI.fleetsim(["compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/scripted.yaml",
                                        "-r", "2", "--horizon", "30d", "-o", folder.path])
        #expect(compare.status == 0, "\(compare.stderr)")
        let before = try CLI.files(in: folder)

        let refused = try await CLI.fleetsim(run)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("it holds comparison.csv (from `fleetsim compare`), comparison.json (from `fleetsim compare`), report.html (from `fleetsim report`), "
                                        + "made from the results `fleetsim run` would replace"), "\(refused.stderr)")
        #expect(try CLI.files(in: folder) == before, "nothing changed")

        for name in ["comparison.csv", "comparison.json", "report.html"] {
            try FileManager.default.moveItem(at: folder.appendingPathComponent(name), to: base.appendingPathComponent(name))
        }
        let again = try await CLI.fleetsim(run)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent(".fleetsim-results"), encoding: .utf8) == "{\"command\":\"run\",\"tool\":\"fleetsim\",\"version\":\"0.1.0\"}\n")
    }
}
