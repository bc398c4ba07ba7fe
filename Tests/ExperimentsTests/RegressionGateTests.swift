@testable import Experiments
import SimulationCore
import Stochastics
import Testing

/// The gate's error rates, on paired data whose truth is known: normal paired differences with a
/// chosen mean worsening, through the whole adaptive procedure (looks at 10, 20, 40, 80, 160).
@Suite struct RegressionGateTests {
    static let metric = Metric(name: "mean_time_to_repair_hours", unit: "h", description: "", direction: .lowerIsBetter)
    static let margin = 0.2

    /// One gate on synthetic data: baseline ~ N(5, 1) per replication, candidate = baseline +
    /// N(worsening, 1) (a lower-is-better metric, so a positive worsening is worse).
    static func gate(worsening: Double, seed: UInt64, settings: RegressionGate.Settings = .init()) throws -> RegressionGate.Outcome {
        let stream = RandomStream(masterSeed: seed, name: "gate-test")
        return try RegressionGate.sequential(metrics: [metric], margins: [.absolute(margin)], settings: settings) { range in
            let baseline = range.map { _ in 5 + stream.gaussian(sd: 1) }
            return ([baseline.map { Optional($0) }], [baseline.map { Optional($0 + worsening + stream.gaussian(sd: 1)) }])
        }
    }

    /// At the margin itself (the worst case of "no regression beyond the margin"), the gate names a
    /// regression in at most alpha of runs: here 1,000 seeds, bound alpha + 3 binomial standard
    /// errors.
    @Test func falseAlarmsStayBelowTheLevel() throws {
        let runs = 1000
        var alarms = 0
        for seed in 0..<runs where try Self.gate(worsening: Self.margin, seed: UInt64(seed)).verdict == .regression { alarms += 1 }
        let bound = 0.05 + 3 * (0.05 * 0.95 / Double(runs)).squareRoot()
        #expect(Double(alarms) / Double(runs) <= bound, "\(alarms) false alarms in \(runs) runs")
    }

    /// Identical behaviour on every replication (a runbook change that changes nothing) passes at
    /// the first look, whatever the seed.
    @Test func identicalRunbooksNeverFail() throws {
        for seed in 0..<50 {
            let stream = RandomStream(masterSeed: UInt64(seed), name: "identical")
            let outcome = try RegressionGate.sequential(metrics: [Self.metric], margins: [.absolute(0)], settings: .init()) { range in
                let values = range.map { _ in Optional(5 + stream.gaussian(sd: 1)) }
                return ([values], [values])
            }
            #expect(outcome.verdict == .pass && outcome.replications == 10 && outcome.metrics[0].finding.decision == .identical)
        }
    }

    /// A planted regression 0.4 standard deviations of the paired differences beyond the margin is caught with power at
    /// least 0.95 within the budget (500 seeds; the bound allows 3 binomial standard errors).
    @Test func aPlantedRegressionIsCaught() throws {
        let runs = 500
        var caught = 0, replications = 0
        for seed in 0..<runs {
            let outcome = try Self.gate(worsening: Self.margin + 0.4, seed: 10_000 + UInt64(seed))
            if outcome.verdict == .regression { caught += 1 }
            replications += outcome.replications
        }
        let power = Double(caught) / Double(runs)
        #expect(power >= 0.95 - 3 * (0.95 * 0.05 / Double(runs)).squareRoot(), "power \(power)")
        #expect(Double(replications) / Double(runs) < 160, "most regressions are caught before the budget is spent")
    }

    /// Clearly within the margin: non-inferior, and so a pass.
    @Test func anImprovementPasses() throws {
        var passes = 0
        for seed in 0..<100 where try Self.gate(worsening: -1, seed: 50_000 + UInt64(seed)).verdict == .pass { passes += 1 }
        #expect(passes >= 95)
    }

    /// Holm rejects from the smallest p-value while each meets level / (m − rank); Bonferroni
    /// compares every p-value with level / m.
    @Test func holmAndBonferroni() {
        let p = [0.01, 0.04, 0.03, 0.2]
        #expect(PairedTest.rejected(p, level: 0.05, correction: .bonferroni) == [true, false, false, false])
        #expect(PairedTest.rejected(p, level: 0.05, correction: .holm) == [true, false, false, false])
        #expect(PairedTest.rejected([0.01, 0.015, 0.024, 0.3], level: 0.05, correction: .holm) == [true, true, true, false])
        #expect(PairedTest.rejected([0.01, 0.015, 0.024, 0.3], level: 0.05, correction: .bonferroni) == [true, false, false, false])
    }

    @Test func looksDoubleUpToTheBudget() {
        var settings = RegressionGate.Settings()
        #expect(settings.looks == [10, 20, 40, 80, 160])
        settings.initialReplications = 8
        settings.maximumReplications = 50
        #expect(settings.looks == [8, 16, 32, 50])
    }
}
