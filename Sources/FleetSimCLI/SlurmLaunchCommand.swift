import ArgumentParser
import Foundation

/// `fleetsim launch slurm`: a study's missing shards as one `sbatch --array` job, and a merge job
/// that runs once every task succeeded (`--dependency=afterok`).
struct SlurmLaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Submit a study's shards as a Slurm job array, and a merge job after it.",
        discussion: """
            Asks the shard directory which shards of the current round are missing, writes \
            DIR/slurm/array-<n>.sbatch (one array task per missing shard; each runs the study \
            with --shard-from-env, so SLURM_ARRAY_TASK_ID picks its shard) and \
            DIR/slurm/merge-<n>.sbatch, and submits both, the merge with \
            --dependency=afterok on the array and --kill-on-invalid-dep=yes.

            Slurm does not retry a task that exits non-zero, and the merge is then cancelled: run \
            the same command again, and it submits only the shards still missing (those that \
            failed), with a new merge. A plan's search takes several rounds; each merge that \
            completes a round submits the next one the same way. --dry-run writes the scripts \
            without submitting them.

            Example:
              fleetsim launch slurm --shards 64 --shard-dir /shared/fleetsim/mixed \\
                --cpus-per-task 4 --time 02:00:00 -- run scenarios/mixed-fleet.yaml -r 640 -o /shared/results/mixed
            """
    )

    @OptionGroup var launch: LaunchOptions

    @Option(help: "CPUs per array task; the study runs on as many threads.")
    var cpusPerTask: Int = 1

    @Option(help: "Time limit of each task (Slurm's format, e.g. 02:00:00).")
    var time: String?

    @Option(help: "Partition to submit to (default: the cluster's default).")
    var partition: String?

    @Option(name: .customLong("sbatch"), help: ArgumentHelp("An extra #SBATCH option for both scripts (repeatable), e.g. --sbatch=--account=ml.", valueName: "OPTION"))
    var sbatchOptions: [String] = []

    @Option(help: "The fleetsim binary as the nodes see it (default: this one's absolute path).")
    var fleetsim: String?

    @Flag(help: "Write the scripts but submit nothing.")
    var dryRun = false

    func validate() throws {
        if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1 (got \(cpusPerTask)).") }
        if let bad = sbatchOptions.first(where: { !$0.hasPrefix("--") || $0.contains("\n") }) {
            throw ValidationError("--sbatch '\(bad)': expected one long sbatch option, e.g. --sbatch=--account=ml")
        }
    }

    func run() throws {
        let executable = fleetsim ?? LaunchOptions.currentExecutable
        let missing: [Int]
        switch try launch.probe(executable: LaunchOptions.currentExecutable) {
        case .complete: missing = []
        case .missing(let shards): missing = shards
        }
        let sbatch = dryRun ? nil : try Self.sbatchPath()
        let directory = URL(fileURLWithPath: launch.shardDir).appendingPathComponent("slurm")
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw CLIError("\(directory.path): cannot create the scripts' directory (\(error.localizedDescription))")
        }
        let sequence = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix("merge-") && $0.hasSuffix(".sbatch") }.count + 1

        var arrayJob: String?
        if !missing.isEmpty {
            let script = directory.appendingPathComponent("array-\(sequence).sbatch")
            try write(arrayScript(shards: missing, executable: executable, logs: directory), to: script)
            if let sbatch { arrayJob = try Self.submit(sbatch, [script.path]) }
            print("\(dryRun ? "wrote" : "submitted") array job \(arrayJob ?? script.path): shards \(LaunchOptions.ranges(missing)) of \(launch.shards)")
        } else {
            print("every shard of the study is there; submitting only the merge")
        }
        let merge = directory.appendingPathComponent("merge-\(sequence).sbatch")
        try write(mergeScript(executable: executable, logs: directory), to: merge)
        if let sbatch {
            let dependency = arrayJob.map { ["--dependency=afterok:\($0)", "--kill-on-invalid-dep=yes"] } ?? []
            let job = try Self.submit(sbatch, dependency + [merge.path])
            print("submitted merge job \(job)" + (arrayJob.map { " (after array job \($0) succeeds)" } ?? ""))
        } else {
            print("wrote merge job \(merge.path)")
        }
    }

    /// Lines every script starts with.
    func header(name: String, output: String) -> [String] {
        ["#!/bin/bash", "#SBATCH --job-name=\(name)", "#SBATCH --output=\(output)"]
            + (time.map { ["#SBATCH --time=\($0)"] } ?? [])
            + (partition.map { ["#SBATCH --partition=\($0)"] } ?? [])
            + sbatchOptions.map { "#SBATCH \($0)" }
    }

    func arrayScript(shards: [Int], executable: String, logs: URL) -> String {
        let threads = launch.study.contains("--threads") ? [] : ["--threads", "\(cpusPerTask)"]
        return (header(name: "fleetsim-\(launch.study[0])", output: logs.appendingPathComponent("shard-%a-job-%A.out").path) + [
            "#SBATCH --array=\(LaunchOptions.ranges(shards))",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --ntasks=1",
            "# One shard of the study: SLURM_ARRAY_TASK_ID picks it (--shard-from-env).",
            "exec " + ([executable] + launch.sharded(["--shard-from-env"] + threads)).map(LaunchOptions.quoted).joined(separator: " "),
        ]).joined(separator: "\n") + "\n"
    }

    func mergeScript(executable: String, logs: URL) -> String {
        let fleetsim = LaunchOptions.quoted(executable)
        func command(_ extra: [String]) -> String {
            "\"$FLEETSIM\" " + launch.sharded(extra).map(LaunchOptions.quoted).joined(separator: " ")
        }
        var relaunch = ["launch", "slurm", "--shards", "\(launch.shards)", "--shard-dir", launch.shardDir, "--cpus-per-task", "\(cpusPerTask)"]
        if let time { relaunch += ["--time", time] }
        if let partition { relaunch += ["--partition", partition] }
        relaunch += sbatchOptions.map { "--sbatch=\($0)" } + ["--fleetsim", executable, "--"] + launch.study
        return (header(name: "fleetsim-\(launch.study[0])-merge", output: logs.appendingPathComponent("merge-%j.out").path) + [
            "FLEETSIM=\(fleetsim)",
            "# Fold the shards into the results a local run writes.",
            command(["--merge"]),
            "status=$?",
            "echo $status > \(LaunchOptions.quoted(logs.path))/merge-$SLURM_JOB_ID.status",
            "# A study of several rounds (a plan's search) goes on: submit its next round's shards and merge.",
            "if [ $status -eq 2 ]; then",
            "  " + command(["--missing"]) + " > /dev/null",
            "  if [ $? -eq 2 ]; then exec \"$FLEETSIM\" " + relaunch.map(LaunchOptions.quoted).joined(separator: " ") + "; fi",
            "fi",
            "exit $status",
        ]).joined(separator: "\n") + "\n"
    }

    func write(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        } catch { throw CLIError("\(url.path): cannot write the script (\(error.localizedDescription))") }
    }

    static func sbatchPath() throws -> String {
        guard let path = Subprocess.which("sbatch") else {
            throw CLIError("sbatch is not on PATH: run on a Slurm login node (or use --dry-run to write the scripts only)")
        }
        return path
    }

    /// Submits with `sbatch --parsable`; the job id.
    static func submit(_ sbatch: String, _ arguments: [String]) throws -> String {
        let outcome = try Subprocess.run(sbatch, ["--parsable"] + arguments)
        guard outcome.status == 0, let id = outcome.stdout.split(separator: "\n").first?.split(separator: ";").first else {
            let reason = outcome.stderr.split(separator: "\n").last.map(String.init) ?? "status \(outcome.status)"
            throw CLIError("sbatch could not submit \(arguments.last ?? ""): \(reason)")
        }
        return String(id)
    }
}
