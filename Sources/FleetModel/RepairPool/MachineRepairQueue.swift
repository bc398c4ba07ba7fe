import Foundation

/// The exact stationary solution of the finite-source machine-repair queue (M/M/c//N):
/// N machines each failing at rate λ while up, c repairers each working at rate μ.
///
/// A birth–death chain on n = machines down, with birth rate (N − n)λ and death rate
/// min(n, c)μ, so p(n) ∝ Π_{k<n} (N − k)λ / (min(k + 1, c)μ) (Gross & Harris, *Fundamentals of
/// Queueing Theory*, §2.8). Used as the validation oracle for `RepairPoolModel`.
public struct MachineRepairQueue: Hashable, Sendable {
    public let machines: Int
    public let repairers: Int
    public let failureRate: Double
    public let repairRate: Double
    /// p(n) for n = 0...machines.
    public let stationaryProbabilities: [Double]

    public init(machines: Int, repairers: Int, meanTimeToFailure: Double, meanRepairTime: Double) {
        precondition(machines > 0 && repairers > 0 && meanTimeToFailure > 0 && meanRepairTime > 0)
        self.machines = machines
        self.repairers = repairers
        failureRate = 1 / meanTimeToFailure
        repairRate = 1 / meanRepairTime
        // Unnormalised weights in log space: N can be thousands, and the products overflow.
        var logWeights = [0.0]
        for n in 0..<machines {
            let birth = Double(machines - n) * failureRate
            let death = Double(Swift.min(n + 1, repairers)) * repairRate
            logWeights.append(logWeights[n] + log(birth) - log(death))
        }
        let top = logWeights.max()!
        let weights = logWeights.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        stationaryProbabilities = weights.map { $0 / total }
    }

    /// Mean number of machines down (waiting or in repair), L.
    public var meanDown: Double { expectation { Double($0) } }

    /// Mean number waiting for a repairer, Lq.
    public var meanQueueLength: Double { expectation { Double(Swift.max($0 - repairers, 0)) } }

    /// Long-run fraction of machine-time up, 1 − L/N.
    public var availability: Double { 1 - meanDown / Double(machines) }

    /// Mean fraction of repairers busy.
    public var repairerUtilisation: Double {
        expectation { Double(Swift.min($0, repairers)) } / Double(repairers)
    }

    /// Failures per unit time, λ(N − L).
    public var throughput: Double { failureRate * (Double(machines) - meanDown) }

    /// Mean wait for a repairer, Wq = Lq / throughput (Little's law).
    public var meanWait: Double { meanQueueLength / throughput }

    /// Mean time from failure to restored, W = L / throughput.
    public var meanTimeToRestore: Double { meanDown / throughput }

    private func expectation(_ f: (Int) -> Double) -> Double {
        stationaryProbabilities.enumerated().reduce(0) { $0 + f($1.offset) * $1.element }
    }
}
