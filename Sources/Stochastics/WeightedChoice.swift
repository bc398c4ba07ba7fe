import CGSL

/// Draws an index with probability proportional to its weight (failure modes by share), with
/// GSL's Walker alias table (`gsl_ran_discrete`): O(1) per draw after an O(n) set-up.
///
/// The table is read-only after construction, so one choice can be shared by every replication
/// (each draws with its own stream).
public final class WeightedChoice: @unchecked Sendable {
    private let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    public let weights: [Double]

    /// `weights` must be non-empty, finite and non-negative, with a positive sum.
    public init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite }
                     && weights.reduce(0, +) > 0, "WeightedChoice needs non-negative weights with a positive sum")
        _ = GSLRuntime.prepared
        self.weights = weights
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            fatalError("GSL could not build a discrete-distribution table (out of memory)")
        }
        self.table = table
    }

    deinit { gsl_ran_discrete_free(table) }

    public func draw(using stream: RandomStream) -> Int {
        weights.count == 1 ? 0 : Int(gsl_ran_discrete(stream.generator, table))
    }
}
