import Dispatch
import ScenarioLoading
import SimulationCore

/// The plainest study: a scenario's replications (`fleetsim run`, `fleetsim replay`).
public enum ScenarioStudy {
    /// Replications 0..<count of `scenario` with master seed `seed`, as one round.
    public static func round(_ scenario: Scenario, replications: Int, seed: UInt64) -> StudyRound {
        StudyRound(definition: "run\n\(scenario.studyIdentity)", variants: ["scenario"], seed: seed, replications: replications)
    }

    /// Every replication's result, in order; `each` sees each result as it is computed, with the
    /// seconds it took (progress, streaming event logs to disk), and returns what to keep.
    public static func replicate(_ scenario: Scenario, replications: Int, seed: UInt64, executor: any StudyExecutor,
                                 recordEvents: Bool = false,
                                 each: @escaping @Sendable (ReplicationResult, _ seconds: Double) -> ReplicationResult = { result, _ in result }) throws(StudyError) -> [ReplicationResult] {
        try executor.evaluate(round(scenario, replications: replications, seed: seed)) { unit in
            let started = DispatchTime.now().uptimeNanoseconds
            let result = scenario.replicate(unit.replication, seed: seed, recordEvents: recordEvents)
            return each(result, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        }
    }
}

extension Scenario {
    /// What identifies the scenario's results in a study's definition: its content (with the
    /// files it extends) and the horizon and warm-up it runs over. Data files it names (traces,
    /// empirical distributions) are identified by their paths only.
    public var studyIdentity: String {
        "scenario \(name) \(contentHash)\nhorizon \(horizon)\nwarmup \(warmup)"
    }
}
