import Dispatch
import Synchronization

/// Runs independent replications of a model in parallel.
///
/// Each replication is a pure function of its index (its random streams are derived from the
/// master seed, stream name and index), and results are returned in index order, so the output
/// is byte-for-byte the same on one thread or many. Threads pull the next index from a shared
/// counter, which balances replications of uneven length.
public enum Replications {
    /// Calls `body(i)` for every i in 0..<count on up to `threads` threads and returns the results
    /// in order of i.
    public static func run<Result: Sendable>(
        count: Int,
        threads: Int,
        _ body: @Sendable (_ index: Int) -> Result
    ) -> [Result] {
        precondition(count >= 0 && threads >= 1, "need count ≥ 0 and threads ≥ 1")
        let state = Mutex(WorkState<Result>(results: Array(repeating: nil, count: count)))
        let workers = Swift.min(threads, count)
        // With one worker, concurrentPerform runs the body on the calling thread.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = state.withLock({ $0.claimNext() }) {
                let result = body(index)
                state.withLock { $0.results[index] = result }
            }
        }
        return state.withLock { $0.results.map { $0! } }
    }

    private struct WorkState<Result> {
        var results: [Result?]
        var nextIndex = 0

        mutating func claimNext() -> Int? {
            guard nextIndex < results.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }
}
