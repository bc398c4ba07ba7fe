import ArgumentParser
import Experiments
import Foundation

/// Options every study command shares to run beyond one machine: split the study into shards
/// that workers compute anywhere (Slurm array tasks, Kubernetes Indexed Job pods) and a merge
/// folds into exactly the results a local run writes. Without `--shards`, the study runs on this
/// machine's threads, as always.
struct StudyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Split the study into N shard files (units with index % N = K form shard K).",
        discussion: "Alone, computes every shard missing from --shard-dir, keeps those already there, and writes the results: a resumable local run.",
        valueName: "N"))
    var shards: Int?

    @Option(help: ArgumentHelp("Compute only shard K (0 ≤ K < N) of the current round, write its file and stop.", valueName: "K"))
    var shard: Int?

    @Flag(name: .customLong("shard-from-env"),
          help: "Take K from SLURM_ARRAY_TASK_ID (Slurm job arrays) or JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).")
    var shardFromEnvironment = false

    @Flag(help: ArgumentHelp(
        "With --shard or --shard-from-env: after the shard, wait for the other shards of its round and go on to the next round.",
        discussion: "For studies of several rounds (plan, checkpoint-sweep) where every shard runs at once and no merge runs between rounds, as in a Kubernetes Indexed Job with parallelism N."))
    var follow = false

    @Option(help: ArgumentHelp("Directory of the shard files (default: the results directory with .shards appended).", valueName: "DIR"))
    var shardDir: String?

    @Flag(help: "Fold the shard files into the results; if shards are missing, print their indices on one line (stdout) and exit with status 2.")
    var merge = false

    @Flag(help: "Print the missing shards of the first incomplete round (exit status 2), or nothing (exit status 0) when the study is complete; write nothing.")
    var missing = false

    /// The largest N: more shard files than units per machine makes no sense at this scale.
    static let maximumShards = 100_000

    func validate() throws {
        guard let shards else {
            if shard != nil || shardFromEnvironment || shardDir != nil || merge || missing || follow {
                throw ValidationError("--shard, --shard-from-env, --follow, --shard-dir, --merge and --missing need --shards N.")
            }
            return
        }
        guard (1...Self.maximumShards).contains(shards) else {
            throw ValidationError("--shards must be between 1 and \(Self.maximumShards) (got \(shards)).")
        }
        let modes = [shard != nil || shardFromEnvironment, merge, missing].filter { $0 }.count
        if modes > 1 { throw ValidationError("choose one of --shard (or --shard-from-env), --merge and --missing.") }
        if shard != nil && shardFromEnvironment { throw ValidationError("--shard and --shard-from-env exclude each other.") }
        if follow && shard == nil && !shardFromEnvironment { throw ValidationError("--follow needs --shard K or --shard-from-env.") }
        if let shard, !(0..<shards).contains(shard) {
            throw ValidationError("--shard must be between 0 and \(shards - 1) for --shards \(shards) (got \(shard)).")
        }
    }

    /// Whether the study is sharded at all.
    var isSharded: Bool { shards != nil }

    /// Whether this invocation writes results (not a worker, not a probe).
    var writesResults: Bool { shards == nil || !(shard != nil || shardFromEnvironment || missing) }

    /// The shard index from the environment.
    static func environmentShard(of shards: Int, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int {
        for name in ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Int(text), (0..<shards).contains(value) else {
                throw CLIError("\(name)=\(text): expected a shard index between 0 and \(shards - 1) (--shards \(shards))")
            }
            return value
        }
        throw CLIError("--shard-from-env: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set (run inside a Slurm array task or an Indexed Job pod, or pass --shard K)")
    }

    /// The executor these options ask for; `results` is the results directory (for the default
    /// shard directory). A sharded executor reports what it computed and kept on stderr, unless `quiet`.
    func executor(threads: Int, results: String, quiet: Bool = false) throws -> any StudyExecutor {
        guard let shards else { return LocalExecutor(threads: threads) }
        let mode: ShardedExecutor.Mode
        if shard != nil || shardFromEnvironment {
            let index = try shard ?? Self.environmentShard(of: shards)
            mode = follow ? .follower(index, poll: .seconds(1), timeout: .seconds(7 * 24 * 3600)) : .worker(index)
        }
        else if merge { mode = .merge }
        else if missing { mode = .probe }
        else { mode = .all }
        let directory = shardDir ?? (results.hasSuffix("/") ? String(results.dropLast()) : results) + ".shards"
        return ShardedExecutor(directory: URL(fileURLWithPath: directory), shards: shards, mode: mode, threads: threads) { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
    }

    /// Ends the command for a study that stopped: a worker done (status 0), shards missing
    /// (their indices on one line, status 2), or a problem (status 1).
    static func stop(_ error: StudyError, quiet: Bool = false) -> Error {
        switch error {
        case .shardDone:
            if !quiet { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
            return ExitCode.success
        case .missingShards(_, let shards, let count):
            FileHandle.standardError.write(Data("\(error); compute them (--shards \(count) --shard K), then merge again\n".utf8))
            print(shards.map(String.init).joined(separator: ","))
            return ExitCode(2)
        case .unusableShard, .shardDirectory:
            return CLIError(error.description)
        }
    }
}
