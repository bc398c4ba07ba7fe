import Foundation
import Testing

/// `run`, `compare` and `plan` split into N shards, each shard a process of its own (as Slurm
/// array tasks or Indexed Job pods are), then merged: the results folder is byte for byte the
/// one a local run writes.
@Suite(.serialized) struct ShardedStudyTests {
    typealias CLI = CommandLineTests

    static let studies: [String: [String]] = [
        "run": ["run", "scenarios/repair-pool.yaml", "-r", "9", "--horizon", "1y", "-q"],
        "compare": ["compare", "scenarios/runbook-comparison.yaml", "--strategies", "runbooks/manual.yaml,runbooks/closed-loop.yaml",
                    "-r", "3", "--horizon", "60d"],
        "plan": ["plan", PlanCommandTests.fixtures.appendingPathComponent("small-plan.yaml").path, "-q"],
    ]

    /// Runs every missing shard as its own process until `--merge` succeeds; the merge's outcome.
    static func runAsCluster(_ study: [String], shards: Int, shardDir: URL, output: URL) throws -> (CLI.Outcome, workers: Int) {
        let sharding = ["--shards", "\(shards)", "--shard-dir", shardDir.path, "-o", output.path, "--threads", "1"]
        var workers = 0
        for _ in 0..<20 {
            let merge = try CLI.fleetsim(study + sharding + ["--merge"])
            guard merge.status == 2 else { return (merge, workers) }
            let missing = merge.stdout.split(separator: "\n").last.map { $0.split(separator: ",").map(String.init) } ?? []
            #expect(!missing.isEmpty, "\(merge.stderr)")
            for shard in missing {
                workers += 1
                let worker = try CLI.fleetsim(study + sharding + ["--shard", shard])
                #expect(worker.status == 0, "\(worker.stderr)")
            }
        }
        Issue.record("the merge never completed")
        return (try CLI.fleetsim(study + sharding + ["--merge"]), workers)
    }

    @Test(arguments: ["run", "compare", "plan"])
    func mergedShardsWriteTheLocalRunsFilesByteForByte(command: String) throws {
        let base = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let study = Self.studies[command]!
        let local = try CLI.fleetsim(study + ["-o", base.appendingPathComponent("local").path, "--threads", "2"])
        #expect(local.status == 0, "\(local.stderr)")
        let expected = try CLI.files(in: base.appendingPathComponent("local"))
        for shards in [1, 2, 5, 8] {
            let output = base.appendingPathComponent("merged-\(shards)")
            let (merge, workers) = try Self.runAsCluster(study, shards: shards, shardDir: base.appendingPathComponent("shards-\(shards)"), output: output)
            #expect(merge.status == 0, "\(command) × \(shards): \(merge.stderr)")
            #expect(workers >= shards)
            #expect(merge.stdout == local.stdout.replacingOccurrences(of: base.appendingPathComponent("local").path, with: output.path))
            let files = try CLI.files(in: output)
            #expect(files.keys.sorted() == expected.keys.sorted())
            for (name, data) in expected {
                #expect(files[name] == data, "\(command) × \(shards): \(name) differs")
            }
        }
    }
}
