import Stochastics

/// The search of `fleetsim plan`: spend replications where they decide something. Every
/// candidate is screened with a few replications; candidates that clearly break a constraint, or
/// are clearly worse than the current best (a paired comparison on common random numbers —
/// replication i of every candidate sees the same random streams), are dropped; the rest get
/// twice the replications, until the best is separated from the runner-up, every contender has
/// the maximum, or the budget is spent.
public struct PlanSearch {
    public struct Constraint: Sendable {
        public var metric: Int
        public var minimum: Double?
        public var maximum: Double?
        public var confidence: Double
        public init(metric: Int, minimum: Double?, maximum: Double?, confidence: Double) {
            self.metric = metric
            self.minimum = minimum
            self.maximum = maximum
            self.confidence = confidence
        }
    }

    public struct Settings: Sendable {
        public var objective: Int
        public var minimize: Bool
        public var constraints: [Constraint]
        public var screening: Int
        public var maxReplications: Int
        public var budget: Int
        /// For the paired comparisons that drop dominated candidates and separate the winner.
        public var comparisonConfidence = 0.95
        public init(objective: Int, minimize: Bool, constraints: [Constraint], screening: Int, maxReplications: Int, budget: Int) {
            self.objective = objective
            self.minimize = minimize
            self.constraints = constraints
            self.screening = screening
            self.maxReplications = maxReplications
            self.budget = budget
        }
    }

    public enum Status: Equatable, Sendable {
        case contender
        case invalid(String)
        case infeasible(metric: Int)
        case dominated(by: Int)
    }

    public enum Feasibility: String, Sendable { case feasible, infeasible, undecided }

    /// Per candidate: its metric values, one array per replication run so far.
    public private(set) var results: [[[Double?]]]
    public private(set) var status: [Status]
    public private(set) var rounds = 0
    public let settings: Settings
    public var replicationsUsed: Int { results.reduce(0) { $0 + $1.count } }

    /// `invalid`: candidates that cannot run (their reason), by index.
    public init(candidates: Int, invalid: [Int: String], settings: Settings) {
        self.settings = settings
        results = Array(repeating: [], count: candidates)
        status = (0..<candidates).map { invalid[$0].map(Status.invalid) ?? .contender }
    }

    /// Runs the search; `evaluate` runs a round's units (variant = candidate) — as a study, on
    /// threads or shards — and returns each unit's metric values in order; `progress` hears each round.
    public mutating func run<Failure: Error>(evaluate: ([StudyUnit]) throws(Failure) -> [[Double?]],
                                             progress: (_ round: Int, _ contenders: Int, _ used: Int) -> Void = { _, _, _ in }) throws(Failure) {
        var target = settings.screening
        while true {
            let contenders = status.indices.filter { status[$0] == .contender }
            let batch = contenders.flatMap { candidate in
                (results[candidate].count..<target).map { StudyUnit(variant: candidate, replication: $0) }
            }
            guard !batch.isEmpty, replicationsUsed + batch.count <= settings.budget || rounds == 0 else { break }
            let values = try evaluate(batch)
            for (unit, row) in zip(batch, values) { results[unit.variant].append(row) }
            rounds += 1
            eliminate()
            let left = status.filter { $0 == .contender }.count
            progress(rounds, left, replicationsUsed)
            // Elimination already dropped every contender the feasible leader beats, so one left
            // means the winner is separated.
            if left <= 1 || target >= settings.maxReplications { break }
            target = min(target * 2, settings.maxReplications)
        }
    }

    // MARK: Statistics

    func values(_ candidate: Int, _ metric: Int) -> [Double] { results[candidate].compactMap { $0[metric] } }

    /// One-sided bounds of a metric's mean at `confidence`: (lower, upper).
    func bounds(_ candidate: Int, _ metric: Int, confidence: Double) -> (Double, Double)? {
        let sample = values(candidate, metric)
        guard sample.count >= 2 else { return sample.first.map { ($0, $0) } }
        let statistics = SampleStatistics(sample)
        let half = statistics.halfWidth(level: 2 * confidence - 1) ?? 0
        return (statistics.mean - half, statistics.mean + half)
    }

    public func mean(_ candidate: Int, _ metric: Int) -> Double? {
        let sample = values(candidate, metric)
        return sample.isEmpty ? nil : sample.reduce(0, +) / Double(sample.count)
    }

    public func interval(_ candidate: Int, _ metric: Int) -> ClosedRange<Double>? {
        let sample = values(candidate, metric)
        guard sample.count >= 2 else { return nil }
        return SampleStatistics(sample).confidenceInterval(level: settings.comparisonConfidence)
    }

    /// Whether every constraint holds (its one-sided bound inside the limit) or one clearly fails.
    public func feasibility(_ candidate: Int) -> Feasibility {
        if firstBrokenConstraint(candidate) != nil { return .infeasible }
        let undecided = settings.constraints.contains { constraint in
            let (low, high) = bounds(candidate, constraint.metric, confidence: constraint.confidence)!
            return constraint.minimum.map { low < $0 } == true || constraint.maximum.map { high > $0 } == true
        }
        return undecided ? .undecided : .feasible
    }

    /// `a` minus `b` on the objective, over the replications both have (same streams): its
    /// two-sided interval, oriented so that positive means `a` is worse.
    func pairedWorse(_ a: Int, than b: Int) -> ClosedRange<Double>? {
        let n = min(results[a].count, results[b].count)
        let sign = settings.minimize ? 1.0 : -1.0
        let differences = (0..<n).compactMap { i -> Double? in
            guard let x = results[a][i][settings.objective], let y = results[b][i][settings.objective] else { return nil }
            return sign * (x - y)
        }
        guard differences.count >= 2 else { return nil }
        return SampleStatistics(differences).confidenceInterval(level: settings.comparisonConfidence)
    }

    /// The contender with the best objective mean among those not known to be infeasible,
    /// feasible ones first.
    public func best(among candidates: [Int]? = nil) -> Int? {
        let pool = (candidates ?? status.indices.filter { status[$0] == .contender })
            .filter { mean($0, settings.objective) != nil && feasibility($0) != .infeasible }
        return pool.min { a, b in
            let fa = feasibility(a) == .feasible, fb = feasibility(b) == .feasible
            if fa != fb { return fa }
            let ma = mean(a, settings.objective)!, mb = mean(b, settings.objective)!
            return settings.minimize ? (ma, a) < (mb, b) : (ma, b) > (mb, a)
        }
    }

    mutating func eliminate() {
        for candidate in status.indices where status[candidate] == .contender {
            if feasibility(candidate) == .infeasible {
                status[candidate] = .infeasible(metric: firstBrokenConstraint(candidate) ?? settings.objective)
            }
        }
        // Only a candidate known to be feasible may knock others out on cost.
        guard let leader = best(), feasibility(leader) == .feasible else { return }
        for candidate in status.indices where status[candidate] == .contender && candidate != leader {
            if let difference = pairedWorse(candidate, than: leader), difference.lowerBound > 0 {
                status[candidate] = .dominated(by: leader)
            }
        }
    }

    /// The metric of the first constraint clearly broken (its one-sided bound beyond the limit,
    /// or no value at all).
    func firstBrokenConstraint(_ candidate: Int) -> Int? {
        settings.constraints.first { constraint in
            guard let (low, high) = bounds(candidate, constraint.metric, confidence: constraint.confidence) else { return true }
            return constraint.minimum.map { high < $0 } == true || constraint.maximum.map { low > $0 } == true
        }?.metric
    }
}
