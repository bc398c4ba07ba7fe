import ArgumentParser
import Foundation

/// `fleetsim launch`: runs a study's shards on a cluster scheduler the user already operates.
struct LaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Run a study's shards as a Slurm job array or a Kubernetes Indexed Job, then merge them.",
        discussion: """
            The study is any `run`, `compare`, `checkpoint-sweep` or `plan` command line, given \
            after `--`; the launcher adds --shards N --shard-dir DIR to it. Each shard is one \
            array task (or pod) that writes one shard file to DIR, a directory every node \
            shares; a merge job then writes exactly the results a local run writes. See README, \
            "Beyond one machine".
            """,
        subcommands: [SlurmLaunchCommand.self, KubernetesLaunchCommand.self]
    )
}

/// What both launchers take: the shard layout and the study's own command line.
struct LaunchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Number of shards (array tasks, or the Indexed Job's completions).", valueName: "N"))
    var shards: Int

    @Option(help: ArgumentHelp("The shard directory, on storage every node (or pod) sees.", valueName: "DIR"))
    var shardDir: String

    @Argument(parsing: .postTerminator, help: "The study's command line after `--`, e.g. -- run scenarios/mixed-fleet.yaml -r 200 -o results/mixed.")
    var study: [String] = []

    static let studyCommands = ["run", "compare", "checkpoint-sweep", "plan"]
    static let reserved = ["--shards", "--shard", "--shard-from-env", "--shard-dir", "--merge", "--missing", "--follow", "--record"]
    /// Commands whose study takes several rounds, each decided by the one before.
    static let multiRound = ["checkpoint-sweep", "plan"]

    var isMultiRound: Bool { Self.multiRound.contains(study[0]) }

    func validate() throws {
        guard (1...StudyOptions.maximumShards).contains(shards) else {
            throw ValidationError("--shards must be between 1 and \(StudyOptions.maximumShards) (got \(shards)).")
        }
        guard let command = study.first else {
            throw ValidationError("give the study's command line after `--`, e.g. -- run scenarios/repair-pool.yaml -r 100")
        }
        guard Self.studyCommands.contains(command) else {
            throw ValidationError("'\(command)' is not a study command; expected one of \(Self.studyCommands.joined(separator: ", ")) after `--`.")
        }
        if let flag = study.first(where: { argument in Self.reserved.contains { argument == $0 || argument.hasPrefix($0 + "=") } }) {
            throw ValidationError("\(flag) belongs to the launcher, not to the study's command line.")
        }
        // The study's own options are checked as the workers will parse them.
        do { _ = try FleetSim.parseAsRoot(sharded(["--missing"])) } catch {
            throw ValidationError("the study's command line: \(FleetSim.message(for: error))")
        }
    }

    /// The study's command line with the shard layout and `extra` added.
    func sharded(_ extra: [String]) -> [String] {
        study + ["--shards", "\(shards)", "--shard-dir", shardDir] + extra
    }

    /// The absolute path of the running fleetsim, for scripts and probes.
    static var currentExecutable: String {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if link != "/proc/self/exe", FileManager.default.isExecutableFile(atPath: link) { return link }
        return Bundle.main.executableURL?.path ?? CommandLine.arguments[0]
    }

    enum Progress: Equatable {
        case complete
        case missing([Int])
    }

    /// Which shards of the current round are still missing, asked of `fleetsim … --missing`.
    func probe(executable: String) throws -> Progress {
        let outcome = try Subprocess.run(executable, sharded(["--missing"]))
        switch outcome.status {
        case 0: return .complete
        case 2:
            let line = outcome.stdout.split(separator: "\n").last.map(String.init) ?? ""
            let shards = line.split(separator: ",").compactMap { Int($0) }
            guard !shards.isEmpty else { throw CLIError("the probe of \(shardDir) named no missing shards: \(outcome.stderr)") }
            return .missing(shards)
        default:
            throw CLIError(outcome.stderr.split(separator: "\n").first.map { String($0).replacingOccurrences(of: "Error: ", with: "") }
                ?? "the probe of \(shardDir) failed with status \(outcome.status)")
        }
    }

    /// Shards as Slurm writes array indices: ranges where consecutive (`0-7`, `3,5-6`).
    static func ranges(_ shards: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < shards.count {
            var end = index
            while end + 1 < shards.count && shards[end + 1] == shards[end] + 1 { end += 1 }
            parts.append(end == index ? "\(shards[index])" : "\(shards[index])-\(shards[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// `argument` quoted for a POSIX shell.
    static func quoted(_ argument: String) -> String {
        argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@+%".contains($0) } && !argument.isEmpty
            ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A child process run to completion, its output captured.
enum Subprocess {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw CLIError("cannot run \(executable) (\(error.localizedDescription))")
        }
        // Read both pipes while the child runs, so a chatty child never blocks on a full pipe.
        let errors = ErrorReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: errors.wait(), as: UTF8.self))
    }

    /// Reads a pipe to its end on a thread of its own.
    final class ErrorReader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// Whether `name` is a command on PATH.
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
