import Foundation
import Reports
import SimulationCore
import Synchronization

/// Spreads each round of a study over N shard files in a directory, so that workers anywhere —
/// Slurm array tasks, Kubernetes Indexed Job pods, or this machine over several sessions — each
/// compute one shard, and a merge folds them into exactly the values a local run computes.
///
/// The command drives its study as it always does; at every round it asks this executor, which
/// depending on `mode`:
/// - `all`: computes the shards that are missing here (keeping those that verify), then folds them;
///   a rerun after an interruption computes only what was lost;
/// - `worker(K)`: at the first round whose shards are not all there, computes shard K (unless it
///   is already there and verifies) and stops the command (`StudyError.shardDone`);
/// - `follower(K)`: as `worker`, then waits for the other workers' shards of the round and goes on;
/// - `merge`: folds complete rounds; at the first incomplete one, stops with the shards it misses
///   (`StudyError.missingShards`), which a launcher resubmits;
/// - `probe`: as `merge`, but the command writes no results.
///
/// Rounds already complete are replayed from their files, so a multi-round study (a plan's search,
/// a checkpoint sweep's pilot and grid) resumes where it stopped: the shard files are its state.
public final class ShardedExecutor: StudyExecutor {
    public enum Mode: Equatable, Sendable {
        case all
        case worker(Int)
        /// As `worker`, but after its shard it waits for the round's other shards (written by
        /// workers running at the same time), folds them and goes on to its shard of the next
        /// round, until the study is done: a study of several rounds with no merge between them,
        /// for schedulers that cannot chain jobs (a Kubernetes Indexed Job with parallelism N).
        case follower(Int, poll: Duration, timeout: Duration)
        case merge
        case probe
    }

    public let directory: URL
    public let shards: Int
    public let mode: Mode
    public let threads: Int
    let log: @Sendable (String) -> Void
    private let nextRound = Mutex(0)

    public init(directory: URL, shards: Int, mode: Mode, threads: Int, log: @escaping @Sendable (String) -> Void = { _ in }) {
        precondition(shards >= 1 && threads >= 1)
        self.directory = directory
        self.shards = shards
        self.mode = mode
        self.threads = threads
        self.log = log
    }

    public var writesResults: Bool {
        switch mode {
        case .all, .merge: true
        case .worker, .follower, .probe: false
        }
    }

    public func evaluate<Value: Codable & Sendable>(_ round: StudyRound, _ body: @escaping @Sendable (StudyUnit) -> Value) throws(StudyError) -> [Value] {
        let index = nextRound.withLock { value in
            defer { value += 1 }
            return value
        }
        func header(_ shard: Int) -> ShardFile.Header {
            .init(tool: ResultsWriter.toolVersion, study: round.hash, round: index, seed: round.seed, shards: shards, shard: shard, units: round.units.count)
        }
        func url(_ shard: Int) -> URL { ShardFile.url(in: directory, round: index, shard: shard, of: shards) }

        var found: [[Value]?] = []
        let reading = ContinuousClock.now
        for shard in 0..<shards {
            found.append(try ShardFile.read(url(shard), expecting: header(shard), as: Value.self))
        }
        let missing = found.indices.filter { found[$0] == nil }
        if missing.isEmpty && mode == .merge {
            log("round \(index): read \(shards) shard file\(shards == 1 ? "" : "s") (\(round.units.count) units) in \(Self.seconds(since: reading)) s")
        }
        if !missing.isEmpty {
            switch mode {
            case .merge, .probe:
                throw .missingShards(round: index, shards: missing, of: shards)
            case .worker(let shard):
                if found[shard] == nil { try compute(shard, header: header(shard), url: url(shard), units: round.units, body) }
                throw .shardDone(round: index, shard: shard, of: shards, path: url(shard).path, computed: found[shard] == nil)
            case .follower(let shard, let poll, let timeout):
                if found[shard] == nil {
                    found[shard] = try compute(shard, header: header(shard), url: url(shard), units: round.units, body)
                    log("round \(index): wrote shard \(shard) of \(shards); waiting for the others")
                }
                let deadline = ContinuousClock.now + timeout
                for other in found.indices where found[other] == nil {
                    while true {
                        if let values = try ShardFile.read(url(other), expecting: header(other), as: Value.self) {
                            found[other] = values
                            break
                        }
                        guard ContinuousClock.now < deadline else { throw .missingShards(round: index, shards: [other], of: shards) }
                        Thread.sleep(forTimeInterval: Self.seconds(poll))
                    }
                }
            case .all:
                for shard in missing {
                    found[shard] = try compute(shard, header: header(shard), url: url(shard), units: round.units, body)
                }
                let kept = found.indices.filter { !missing.contains($0) }
                log("round \(index): computed shard\(missing.count == 1 ? "" : "s") \(Self.list(missing)) of \(shards)"
                    + (kept.isEmpty ? "" : "; kept \(Self.list(kept)) (already complete)"))
            }
        }
        return Self.fold(found.map { $0! }, count: round.units.count)
    }

    /// Shard files hold units `K, K+N, K+2N, …`; this puts them back in unit order.
    static func fold<Value>(_ shardValues: [[Value]], count: Int) -> [Value] {
        var result: [Value] = []
        result.reserveCapacity(count)
        for unit in 0..<count {
            result.append(shardValues[unit % shardValues.count][unit / shardValues.count])
        }
        return result
    }

    @discardableResult
    private func compute<Value: Codable & Sendable>(_ shard: Int, header: ShardFile.Header, url: URL, units: [StudyUnit],
                                                    _ body: @escaping @Sendable (StudyUnit) -> Value) throws(StudyError) -> [Value] {
        try prepareDirectory()
        let mine = Array(ShardFile.units(count: units.count, shard: shard, of: shards))
        let computing = ContinuousClock.now
        let values = Replications.run(count: mine.count, threads: threads) { body(units[mine[$0]]) }
        let writing = ContinuousClock.now
        let bytes = try ShardFile.write(values, header: header, to: url)
        log("round \(header.round): shard \(shard) of \(shards): \(mine.count) units computed in \(Self.seconds(since: computing, until: writing)) s, "
            + "written in \(Self.seconds(since: writing)) s (\(bytes) bytes)")
        return values
    }

    private func prepareDirectory() throws(StudyError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .shardDirectory(path: directory.path, reason: "is a file; expected the shard directory") }
        } else {
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw .shardDirectory(path: directory.path, reason: "cannot create the shard directory (\(error.localizedDescription))")
            }
        }
        guard FileManager.default.isWritableFile(atPath: directory.path) else {
            throw .shardDirectory(path: directory.path, reason: "the shard directory is not writable")
        }
    }

    static func seconds(since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = .now) -> String {
        String(format: "%.3f", seconds(end - start))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func list(_ shards: [Int]) -> String { shards.map(String.init).joined(separator: ",") }
}
