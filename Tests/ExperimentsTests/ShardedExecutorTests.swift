import Experiments
import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics
import Synchronization
import Testing

/// Shards computed separately and merged give exactly what one machine computes; damaged,
/// foreign and missing shards are named.
@Suite struct ShardedExecutorTests {
    static let scenarioPath = PlanSearchTests.fixtures.appendingPathComponent("small-fleet.yaml").path

    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-shards-\(UUID())")
    }

    /// Drives `study` as a cluster would: probe for the missing shards of the current round, run
    /// each as a worker of its own, and repeat until the merge completes.
    static func asCluster<T>(shards: Int, in directory: URL, _ study: (any StudyExecutor) throws(StudyError) -> T) throws -> (T, workers: Int) {
        var workers = 0
        while true {
            let missing: [Int]
            switch Result(catching: { () throws(StudyError) -> T in
                try study(ShardedExecutor(directory: directory, shards: shards, mode: .merge, threads: 1))
            }) {
            case .success(let value): return (value, workers)
            case .failure(.missingShards(_, let shards, _)): missing = shards
            case .failure(let error): throw error
            }
            for shard in missing {
                workers += 1
                let outcome = Result(catching: { () throws(StudyError) -> T in
                    try study(ShardedExecutor(directory: directory, shards: shards, mode: .worker(shard), threads: 2))
                })
                guard case .failure(.shardDone(_, shard, _, _, true)) = outcome else {
                    Issue.record("worker \(shard): \(outcome)")
                    throw StudyError.shardDirectory(path: directory.path, reason: "a worker did not write its shard")
                }
            }
        }
    }

    @Test(arguments: [1, 2, 5, 8])
    func mergedRunEqualsTheLocalRun(shards: Int) throws {
        let scenario = try ScenarioLoader.load(path: Self.scenarioPath)
        let local = try ScenarioStudy.replicate(scenario, replications: 11, seed: 9, executor: LocalExecutor(threads: 2))
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (merged, workers) = try Self.asCluster(shards: shards, in: directory) { executor throws(StudyError) in
            try ScenarioStudy.replicate(scenario, replications: 11, seed: 9, executor: executor)
        }
        #expect(workers == shards)
        #expect(merged == local)
    }

    @Test(arguments: [1, 2, 5, 8])
    func aShardedPlanSearchMakesTheSameDecisions(shards: Int) throws {
        let (definition, scenarios, settings) = try PlanSearchTests.load("small-plan.yaml")
        var local = PlanSearch(candidates: scenarios.count, invalid: [:], settings: settings)
        local.run(evaluate: PlanSearchTests.evaluate(scenarios, seed: definition.seed))
        #expect(local.rounds >= 2, "the fixture should need several rounds")

        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (search, workers) = try Self.asCluster(shards: shards, in: directory) { executor throws(StudyError) in
            var search = PlanSearch(candidates: scenarios.count, invalid: [:], settings: settings)
            try search.run(evaluate: { (batch: [StudyUnit]) throws(StudyError) in
                try executor.evaluate(StudyRound(definition: "test plan", variants: scenarios.indices.map(String.init), seed: definition.seed, units: batch)) {
                    scenarios[$0.variant].replicate($0.replication, seed: definition.seed).values
                }
            })
            return search
        }
        #expect(workers == shards * local.rounds)
        #expect(search.results == local.results && search.status == local.status && search.rounds == local.rounds)
    }

    /// A small round whose shard files the failure tests tamper with.
    static func round() -> StudyRound {
        StudyRound(definition: "squares", variants: ["x²"], seed: 1, replications: 10)
    }

    static func squares(_ executor: any StudyExecutor, round: StudyRound = round()) throws(StudyError) -> [Double] {
        try executor.evaluate(round) { Double($0.replication * $0.replication) }
    }

    static func completeShards(_ count: Int) throws -> URL {
        let directory = Self.directory()
        _ = try squares(ShardedExecutor(directory: directory, shards: count, mode: .all, threads: 1))
        return directory
    }

    @Test func aRerunComputesOnlyTheMissingShards() throws {
        let directory = try Self.completeShards(4)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: ShardFile.url(in: directory, round: 0, shard: 2, of: 4))
        let lines = LogLines()
        let values = try Self.squares(ShardedExecutor(directory: directory, shards: 4, mode: .all, threads: 1, log: lines.append))
        #expect(values == (0..<10).map { Double($0 * $0) })
        #expect(lines.all.count == 2 && lines.all[0].hasPrefix("round 0: shard 2 of 4: 2 units computed in "))
        #expect(lines.all.last == "round 0: computed shard 2 of 4; kept 0,1,3 (already complete)")
    }

    @Test func aMergeNamesTheMissingShards() throws {
        let directory = try Self.completeShards(5)
        defer { try? FileManager.default.removeItem(at: directory) }
        for shard in [1, 3] { try FileManager.default.removeItem(at: ShardFile.url(in: directory, round: 0, shard: shard, of: 5)) }
        #expect(throws: StudyError.missingShards(round: 0, shards: [1, 3], of: 5)) {
            try Self.squares(ShardedExecutor(directory: directory, shards: 5, mode: .merge, threads: 1))
        }
    }

    @Test(arguments: ["damaged", "truncated", "another study", "written by fleetsim 9.9", "another seed", "not a FleetSim shard file",
                      "holds shard 0 of 3", "holds 4 units"])
    func anUnusableShardIsRefusedWithItsPathAndReason(damage: String) throws {
        let directory = try Self.completeShards(3)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = ShardFile.url(in: directory, round: 0, shard: 1, of: 3)
        var text = try String(contentsOf: file, encoding: .utf8)
        switch damage {
        case "damaged": text = text.replacingOccurrences(of: "\"value\":16", with: "\"value\":17")
        case "truncated": text = String(text.dropLast(20))
        case "another study":
            let other = StudyRound(definition: "cubes", variants: ["x³"], seed: 1, replications: 10)
            let elsewhere = Self.directory()
            defer { try? FileManager.default.removeItem(at: elsewhere) }
            _ = try? Self.squares(ShardedExecutor(directory: elsewhere, shards: 3, mode: .worker(1), threads: 1), round: other)
            text = try String(contentsOf: ShardFile.url(in: elsewhere, round: 0, shard: 1, of: 3), encoding: .utf8)
        case "holds shard 0 of 3":  // a copy of another shard's file
            text = try String(contentsOf: ShardFile.url(in: directory, round: 0, shard: 0, of: 3), encoding: .utf8)
        case "holds 4 units":  // a unit's line twice, the checksum made to match
            var lines = text.split(separator: "\n").map(String.init)
            lines.insert(lines[1], at: 1)
            lines.removeLast()
            let body = lines.joined(separator: "\n") + "\n"
            text = body + "{\"checksum\":\"\(StableHash.fnv1a64Hex(body.utf8))\",\"end\":3}\n"
        case "written by fleetsim 9.9": text = text.replacingOccurrences(of: "\"tool\":\"0.1.0\"", with: "\"tool\":\"9.9\"")
        case "another seed": text = text.replacingOccurrences(of: "\"seed\":1,", with: "\"seed\":2,")
        default: text = "hello\nworld\n" + text
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = Result { () throws(StudyError) in try Self.squares(ShardedExecutor(directory: directory, shards: 3, mode: .merge, threads: 1)) }
        guard case .failure(.unusableShard(let path, let reason)) = outcome else {
            Issue.record("a \(damage) shard gave \(outcome)")
            return
        }
        #expect(path == file.path)
        #expect(reason.contains(damage == "another seed" ? "another study" : damage), "\(reason)")
    }

    @Test func anUnwritableShardDirectoryIsAnErrorNotACrash() throws {
        let directory = Self.directory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path) }
        guard !FileManager.default.isWritableFile(atPath: directory.path) else { return }  // running as root
        #expect(throws: StudyError.shardDirectory(path: directory.path, reason: "the shard directory is not writable")) {
            try Self.squares(ShardedExecutor(directory: directory, shards: 2, mode: .worker(0), threads: 1))
        }
    }

    @Test func valuesSurviveTheFileExactly() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let round = StudyRound(definition: "awkward numbers", variants: ["x"], seed: 3, replications: 9)
        let awkward: [Double?] = [0.1, 1 / 3, -0.0, .infinity, -.infinity, nil, 5e-324, .greatestFiniteMagnitude, 123456.789e-7]
        let body: @Sendable (StudyUnit) -> [Double?] = { [awkward[$0.replication], Double($0.replication)] }
        let local = try LocalExecutor(threads: 1).evaluate(round, body)
        let sharded = try ShardedExecutor(directory: directory, shards: 4, mode: .all, threads: 1).evaluate(round, body)
        let merged = try ShardedExecutor(directory: directory, shards: 4, mode: .merge, threads: 1).evaluate(round, body)
        for values in [sharded, merged] {
            #expect(values.map { $0.map { $0?.bitPattern } } == local.map { $0.map { $0?.bitPattern } })
        }
    }
}

/// Log lines collected from any thread.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}
