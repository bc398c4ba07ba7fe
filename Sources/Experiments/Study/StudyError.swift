/// Why a study stopped before its results: a problem to report, or a sharded study's normal
/// pauses (a worker wrote its shard; a merge found shards still missing).
public enum StudyError: Error, CustomStringConvertible, Equatable {
    /// A shard file that cannot be used: damaged, truncated, or from another study or version.
    case unusableShard(path: String, reason: String)
    /// The shard directory cannot be read or written.
    case shardDirectory(path: String, reason: String)
    /// Round `round` still misses these shards (a launcher resubmits just them).
    case missingShards(round: Int, shards: [Int], of: Int)
    /// A worker computed (or found) its shard and stops: the rest is other workers' and the merge's.
    case shardDone(round: Int, shard: Int, of: Int, path: String, computed: Bool)

    public var description: String {
        switch self {
        case .unusableShard(let path, let reason): "\(path): \(reason)"
        case .shardDirectory(let path, let reason): "\(path): \(reason)"
        case .missingShards(let round, let shards, let count):
            "round \(round) is missing shard\(shards.count == 1 ? "" : "s") \(shards.map(String.init).joined(separator: ",")) of \(count)"
        case .shardDone(let round, let shard, let count, let path, let computed):
            "\(computed ? "wrote" : "kept (already complete)") shard \(shard) of \(count), round \(round): \(path)"
        }
    }
}
