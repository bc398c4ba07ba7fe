import FleetModel
import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics
import Testing

/// The shipped Llama 3 scenario against Table 5 of the Llama 3 paper (419 unexpected
/// interruptions of a 16,384-GPU job in 54 days, by category).
///
/// The job can only be interrupted while it runs (not while it is being rescheduled), so the
/// expected count is Table 5's rate per running hour times the simulated running hours (about
/// 99% of the 54 days). Tolerance: each count is a Poisson variable, so the mean over R = 40
/// replications has standard error √(λ/R); the test accepts 4.5 standard errors (a false alarm
/// about once in 150,000 checks): for the total, ±14.6 around 419 (±3.5%). Per category the same
/// band; and each replication's total must lie in the Poisson band ±4.5·√λ. The job's ETTR must
/// also match Meta's statement that it was "higher than 90%".
@Suite struct LlamaCalibrationTests {
    static let table5 = ["gpu": 268.0, "host": 53, "tor_switch": 35, "job_software": 63]
    static let days = 54.0

    @Test func interruptionsMatchTable5() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios/llama3-405b-16k.yaml").standardized.path
        let scenario = try ScenarioLoader.load(path: path)
        #expect(abs(scenario.horizon - 54 * 24) < 1e-9)
        let replications = 40
        let results = Replications.run(count: replications, threads: 2) { scenario.replicate($0, seed: 405) }
        let metrics = scenario.metrics.map(\.name)

        func values(_ name: String) -> [Double] {
            let index = metrics.firstIndex(of: name)!
            return results.map { $0.values[index]! }
        }
        // Hours each replication's job was up (restarting, computing or checkpointing).
        let notRunning = zip(values("training_downtime_gpu_hours"), values("training_waiting_gpu_hours")).map { ($0 + $1) / 16_384 }
        let runningShare = notRunning.map { 1 - $0 / (Self.days * 24) }
        #expect(runningShare.allSatisfy { $0 > 0.95 && $0 <= 1 })

        func check(_ metric: String, expected perFiftyFourDays: Double) {
            let counts = values(metric)
            let expected = zip(counts, runningShare).map { perFiftyFourDays * $1 }
            let meanExpected = expected.reduce(0, +) / Double(replications)
            let mean = SampleStatistics(counts).mean
            #expect(abs(mean - meanExpected) < 4.5 * (meanExpected / Double(replications)).squareRoot(),
                    "\(metric): \(mean) per 54 days, Table 5 scaled to running time: \(meanExpected)")
            #expect(zip(counts, expected).allSatisfy { abs($0 - $1) < 4.5 * $1.squareRoot() + 1 })
        }
        check("training_interruptions", expected: 419)
        for (category, expected) in Self.table5 { check("training_interruptions_\(category)", expected: expected) }

        let ettr = SampleStatistics(values("training_ettr"))
        #expect(ettr.mean > 0.9, "ETTR \(ettr.mean)")
    }
}
