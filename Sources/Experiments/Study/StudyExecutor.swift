import SimulationCore

/// Evaluates a study's rounds: here on this machine's threads, or spread over shard files that
/// workers anywhere write and a merge folds (`ShardedExecutor`). Every command that runs
/// replications asks one of these, so each runs unchanged on a laptop or on a cluster.
public protocol StudyExecutor: Sendable {
    /// The value of every unit of `round`, in unit order. `body` computes one unit; it must be a
    /// pure function of the unit (and whatever the round's definition names).
    func evaluate<Value: Codable & Sendable>(_ round: StudyRound, _ body: @escaping @Sendable (StudyUnit) -> Value) throws(StudyError) -> [Value]

    /// Whether the command should write its results once the study is done (a probe of a
    /// sharded study only reports what is missing).
    var writesResults: Bool { get }
}

extension StudyExecutor {
    public var writesResults: Bool { true }
}

/// Runs every unit on this machine, on up to `threads` threads; results do not depend on the count.
public struct LocalExecutor: StudyExecutor {
    public var threads: Int

    public init(threads: Int) {
        self.threads = threads
    }

    public func evaluate<Value: Codable & Sendable>(_ round: StudyRound, _ body: @escaping @Sendable (StudyUnit) -> Value) throws(StudyError) -> [Value] {
        let units = round.units
        return Replications.run(count: units.count, threads: threads) { body(units[$0]) }
    }
}
