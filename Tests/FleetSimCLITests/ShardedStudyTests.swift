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
    static func runAsCluster(_ study: [String], shards: Int, shardDir: URL, output: URL) async throws -> (CLI.Outcome, workers: Int) {
        let sharding = ["--shards", "\(shards)", "--shard-dir", shardDir.path, "-o", output.path, "--threads", "1"]
        var workers = 0
        for _ in 0..<20 {
            let merge = try await CLI.fleetsim(study + sharding + ["--merge"])
            guard merge.status == 2 else { return (merge, workers) }
            let missing = merge.stdout.split(separator: "\n").last.map { $0.split(separator: ",").map(String.init) } ?? []
            #expect(!missing.isEmpty, "\(merge.stderr)")
            for shard in missing {
                workers += 1
                let worker = try await CLI.fleetsim(study + sharding + ["--shard", shard])
                #expect(worker.status == 0, "\(worker.stderr)")
            }
        }
        Issue.record("the merge never completed")
        return (try await CLI.fleetsim(study + sharding + ["--merge"]), workers)
    }

    @Test(arguments: ["run", "compare", "plan"])
    func mergedShardsWriteTheLocalRunsFilesByteForByte(command: String) async throws {
        let base = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let study = Self.studies[command]!
        let local = try await CLI.fleetsim(study + ["-o", base.appendingPathComponent("local").path, "--threads", "2"])
        #expect(local.status == 0, "\(local.stderr)")
        let expected = try CLI.files(in: base.appendingPathComponent("local"))
        for shards in [1, 2, 5, 8] {
            let output = base.appendingPathComponent("merged-\(shards)")
            let (merge, workers) = try await Self.runAsCluster(study, shards: shards, shardDir: base.appendingPathComponent("shards-\(shards)"), output: output)
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

    /// Starts `fleetsim` without waiting: output to files, so that no pipe fills up.
    static func start(_ arguments: [String], log: URL, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return process
    }

    /// A plan's rounds with every shard running at once and no merge between rounds (`--follow`,
    /// as the pods of a Kubernetes Indexed Job run them): one merge at the end writes the files
    /// a local plan writes.
    @Test func followersRunEveryRoundOfAPlanWithoutAMergeBetweenThem() async throws {
        let base = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let study = Self.studies["plan"]!
        let local = try await CLI.fleetsim(study + ["-o", base.appendingPathComponent("local").path, "--threads", "2"])
        #expect(local.status == 0, "\(local.stderr)")
        let sharding = ["--shards", "3", "--shard-dir", base.appendingPathComponent("shards").path, "-o", base.appendingPathComponent("merged").path]
        let followers = try (0..<3).map { shard in
            try Self.start(study + sharding + ["--shard-from-env", "--follow", "--threads", "1"], log: base.appendingPathComponent("follower-\(shard).log"),
                           environment: ["JOB_COMPLETION_INDEX": "\(shard)"])
        }
        for (shard, follower) in followers.enumerated() {
            follower.waitUntilExit()
            let log = (try? String(contentsOf: base.appendingPathComponent("follower-\(shard).log"), encoding: .utf8)) ?? ""
            #expect(follower.terminationStatus == 0, "follower \(shard): \(log)")
        }
        let rounds = try FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent("shards").path).filter { $0.hasSuffix(".jsonl") }.count / 3
        #expect(rounds >= 3, "the plan should take several rounds")
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("merged").path), "followers write no results")
        let merge = try await CLI.fleetsim(study + sharding + ["--merge"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try CLI.files(in: base.appendingPathComponent("merged")) == CLI.files(in: base.appendingPathComponent("local")))
    }

    /// A worker killed with SIGKILL in the middle of its shard leaves no shard file, and the
    /// rerun computes only the shards that are missing.
    @Test func aKilledWorkerLeavesNoShardAndTheRerunComputesOnlyWhatIsMissing() async throws {
        let base = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let shards = base.appendingPathComponent("shards")
        // Large enough that the kill lands while shard 0 is being computed, on a fast machine too:
        // each attempt doubles the work until the worker is still running when it is killed.
        var study: [String] = []
        var killedWhileRunning = false
        for replications in [16, 64, 256, 1024] {
            try? FileManager.default.removeItem(at: shards)
            study = ["run", "scenarios/repair-pool.yaml", "-r", "\(replications)", "--horizon", "100y", "-q", "--shards", "2",
                     "--shard-dir", shards.path, "-o", base.appendingPathComponent("results").path, "--threads", "1"]
            let first = try await CLI.fleetsim(study + ["--shard", "1"])
            #expect(first.status == 0, "\(first.stderr)")
            let worker = try Self.start(study + ["--shard", "0"], log: base.appendingPathComponent("worker.log"))
            try await Task.sleep(for: .milliseconds(300))
            killedWhileRunning = worker.isRunning
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            if killedWhileRunning { break }
        }
        #expect(killedWhileRunning, "the worker finished before it could be killed")
        // (A kill in the instant of writing would leave a hidden temporary file, which no merge reads.)
        let left = try FileManager.default.contentsOfDirectory(atPath: shards.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(left == ["round-0.shard-1-of-2.jsonl"], "only the finished shard, no partial file: \(left)")

        let rerun = try await CLI.fleetsim(study.filter { $0 != "-q" })
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("round 0: computed shard 0 of 2; kept 1 (already complete)"), "\(rerun.stderr)")
        let local = try await CLI.fleetsim(Array(study.prefix(7)) + ["-o", base.appendingPathComponent("local").path])
        #expect(local.status == 0)
        #expect(try CLI.files(in: base.appendingPathComponent("results")) == CLI.files(in: base.appendingPathComponent("local")))
    }

    @Test(arguments: [
        (["--shards", "0"], [String: String](), "--shards must be between 1 and 100000 (got 0)"),
        (["--shards", "4", "--shard", "4"], [:], "--shard must be between 0 and 3 for --shards 4 (got 4)"),
        (["--shard", "1"], [:], "need --shards N"),
        (["--shards", "4", "--shard-from-env"], ["SLURM_ARRAY_TASK_ID": "seven"], "SLURM_ARRAY_TASK_ID=seven: expected a shard index between 0 and 3"),
        (["--shards", "4", "--shard-from-env"], ["JOB_COMPLETION_INDEX": "9"], "JOB_COMPLETION_INDEX=9: expected a shard index between 0 and 3"),
        (["--shards", "2", "--shard", "0", "--shard-dir", "/proc/fleetsim-shards"], [:], "/proc/fleetsim-shards: cannot create the shard directory"),
        (["--shards", "2", "--merge", "--shard", "1"], [:], "choose one of --shard (or --shard-from-env), --merge and --missing"),
        (["--shards", "2", "--record"], [:], "--record runs on one machine"),
    ])
    func badShardOptionsAreOneLineErrors(options: [String], environment: [String: String], message: String) async throws {
        var environment = environment
        if environment["SLURM_ARRAY_TASK_ID"] == nil { environment["SLURM_ARRAY_TASK_ID"] = "" }
        let outcome = try await CLI.fleetsim(["run", "scenarios/repair-pool.yaml", "-r", "2", "--horizon", "30d", "-q"] + options, environment: environment)
        #expect(outcome.status != 0 && outcome.status != 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    /// The launchers refuse a cluster that is not there, and a study line that would not run.
    @Test func launchersSayWhatIsMissing() async throws {
        let base = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let study = ["--", "run", "scenarios/repair-pool.yaml", "-r", "4", "--horizon", "30d", "-q", "-o", base.appendingPathComponent("r").path]
        let noSlurm = try await CLI.fleetsim(["launch", "slurm", "--shards", "2", "--shard-dir", base.appendingPathComponent("s").path] + study,
                                       environment: ["PATH": "/nonexistent"])
        #expect(noSlurm.status == 1)
        #expect(noSlurm.stderr.contains("sbatch is not on PATH"), "\(noSlurm.stderr)")
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("s/slurm").path), "nothing written before the check")

        let dry = try await CLI.fleetsim(["launch", "slurm", "--dry-run", "--shards", "2", "--shard-dir", base.appendingPathComponent("s").path] + study)
        #expect(dry.status == 0, "\(dry.stderr)")
        let script = try String(contentsOf: base.appendingPathComponent("s/slurm/array-1.sbatch"), encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-1") && script.contains("--shard-from-env"))
        let merge = try String(contentsOf: base.appendingPathComponent("s/slurm/merge-1.sbatch"), encoding: .utf8)
        #expect(merge.contains("--merge"))

        let badStudy = try await CLI.fleetsim(["launch", "slurm", "--dry-run", "--shards", "2", "--shard-dir", base.path, "--", "run", "scenarios/repair-pool.yaml", "--shards", "3"])
        #expect(badStudy.status == 64 && badStudy.stderr.contains("--shards belongs to the launcher"), "\(badStudy.stderr)")
        let notAStudy = try await CLI.fleetsim(["launch", "slurm", "--dry-run", "--shards", "2", "--shard-dir", base.path, "--", "validate", "x.yaml"])
        #expect(notAStudy.status == 64 && notAStudy.stderr.contains("'validate' is not a study command"), "\(notAStudy.stderr)")
        let missingScenario = try await CLI.fleetsim(["launch", "slurm", "--dry-run", "--shards", "2", "--shard-dir", base.path, "--", "run", "no-such.yaml"])
        #expect(missingScenario.status == 1 && missingScenario.stderr.contains("no-such.yaml"), "\(missingScenario.stderr)")
    }
}
