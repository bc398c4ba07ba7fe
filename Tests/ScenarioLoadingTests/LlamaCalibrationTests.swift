import FleetModel
import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics
import Testing

/// The shipped Llama 3 scenario against Table 5 of the Llama 3 paper (419 unexpected
/// interruptions of a 16,384-GPU job in 54 days, by category).
///
/// Tolerance: each count is a Poisson variable (independent exponential failures, repairs
/// hours against MTBFs of years), so the mean over R = 40 replications has standard error
/// √(λ/R); the test accepts 4.5 standard errors (a false alarm about once in 150,000 checks): for
/// the total, ±14.6 around 419 (±3.5%). Per category the same band; and each replication's total
/// must lie in the Poisson 99.99% band around 419 (±4.5·√419 ≈ ±92).
@Suite struct LlamaCalibrationTests {
    static let table5 = ["gpu": 268.0, "host": 53, "tor_switch": 35, "job_software": 63]

    @Test func interruptionsMatchTable5() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios/llama3-405b-16k.yaml").standardized.path
        let scenario = try ScenarioLoader.load(path: path)
        #expect(abs(scenario.horizon - 54 * 24) < 1e-9)
        let replications = 40
        let results = Replications.run(count: replications, threads: 2) { scenario.replicate($0, seed: 405) }
        let metrics = scenario.metrics.map(\.name)

        func counts(_ name: String) -> [Double] {
            let index = metrics.firstIndex(of: name)!
            return results.map { $0.values[index]! }
        }
        let totals = counts("incidents")
        let total = SampleStatistics(totals)
        #expect(abs(total.mean - 419) < 4.5 * (419.0 / Double(replications)).squareRoot(),
                "mean interruptions per 54 days \(total.mean), Table 5: 419")
        #expect(totals.allSatisfy { abs($0 - 419) < 4.5 * 419.0.squareRoot() })

        for (category, expected) in Self.table5 {
            let mean = SampleStatistics(counts("incidents_\(category)")).mean
            #expect(abs(mean - expected) < 4.5 * (expected / Double(replications)).squareRoot(),
                    "\(category): \(mean) per 54 days, Table 5: \(expected)")
        }
    }
}
