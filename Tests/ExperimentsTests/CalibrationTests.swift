import Experiments
import FleetModel
import Foundation
import ScenarioLoading
import Stochastics
import Testing

/// Calibration against logs FleetSim wrote itself, whose parameters are known.
struct CalibrationTests {
    static let scenarioPath = PlanSearchTests.fixtures.appendingPathComponent("calibration-fleet.yaml").path

    /// The class `node` of the fixture's replication `replication`, over `horizon` hours.
    static func log(seed: UInt64, replication: Int = 0, horizon: Double = 3 * 8760, scale: Double? = nil) throws -> [ObservedFailure] {
        var text = try String(contentsOfFile: scenarioPath, encoding: .utf8)
        if let scale { text = text.replacingOccurrences(of: "scale: 400h", with: "scale: \(scale)h") }
        let scenario = try ScenarioLoader.parse(text, file: "log.yaml", baseDirectory: URL(fileURLWithPath: scenarioPath).deletingLastPathComponent())
            .withHorizon(horizon)
        guard case .fleet(let topology) = scenario.model else { throw CalibrationError("not a fleet") }
        return FleetSimulation.incidentHistory(topology, masterSeed: seed, replication: replication)
            .filter { $0.componentClass == 0 }
            .map { ObservedFailure(time: $0.failedAt, node: $0.instance, repairHours: $0.repairHours) }
    }

    static let settings = Calibration.Settings(seed: 11, replications: 40, holdOut: 0.3, permutations: 99, threads: 2)

    @Test func recoversKnownParametersAndCallsTheModelConsistent() throws {
        let log = try Self.log(seed: 2024)
        let target = try CalibrationTarget(scenarioPath: Self.scenarioPath, className: "node")
        let result = try Calibration.run(log: log, span: 3 * 8760, target: target, settings: Self.settings)

        let failure = try #require(result.fit.timeToFailure.first)
        guard case .weibull(let shape, let scale) = failure.distribution else {
            Issue.record("best time-to-failure family \(failure.distribution), expected Weibull")
            return
        }
        let errors = failure.parameters.map(\.standardError)
        #expect(abs(shape - 0.8) < 3 * errors[0], "shape \(shape) ± \(errors[0]), true 0.8")
        #expect(abs(scale - 400) < 3 * errors[1], "scale \(scale) ± \(errors[1]), true 400 h")
        let repair = try #require(result.fit.repairTime.first)
        guard case .lognormal(let mu, let sigma) = repair.distribution else {
            Issue.record("best repair family \(repair.distribution), expected lognormal")
            return
        }
        #expect(abs(mu - Foundation.log(4)) < 3 * repair.parameters[0].standardError, "median \(exp(mu)) h, true 4 h")
        #expect(abs(sigma - 0.8) < 3 * repair.parameters[1].standardError, "sigma \(sigma), true 0.8")

        for comparison in result.comparisons {
            #expect(comparison.verdict == .consistent,
                    "\(comparison.quantity.rawValue): AD p \(comparison.andersonDarlingPValue), KS p \(comparison.ksPValue)")
            #expect(comparison.quantiles.count == min(99, comparison.logged.count))
        }
        let holdOut = try result.holdOut!.get()
        #expect(holdOut.predicted, "\(holdOut.predictions)")
        #expect(holdOut.trainingFailures + holdOut.heldOutFailures == log.count)
    }

    /// The failure rate doubles halfway through the log: fitted on the first 70%, the model
    /// predicts too few failures for the last 30%.
    @Test func holdOutFlagsARateThatDoubledHalfway() throws {
        let half = 1.5 * 8760
        let first = try Self.log(seed: 7, horizon: half)
        // Weibull scale halved: every node fails twice as often.
        let second = try Self.log(seed: 8, horizon: half, scale: 200).map {
            ObservedFailure(time: $0.time + half, node: $0.node, repairHours: $0.repairHours)
        }
        let target = try CalibrationTarget(scenarioPath: Self.scenarioPath, className: "node")
        let holdOut = try Calibration.holdOutCheck(log: first + second, span: 2 * half, target: target, settings: Self.settings)
        let incidents = try #require(holdOut.predictions.first { $0.name == "incidents" })
        #expect(!holdOut.predicted)
        #expect(incidents.logged > incidents.high, "held out \(incidents.logged), predicted [\(incidents.low), \(incidents.high)]")
    }

    @Test func badTargetsAreRefusedWithTheReason() throws {
        #expect(throws: CalibrationError.self) { try CalibrationTarget(scenarioPath: Self.scenarioPath, className: nil) }
        do {
            _ = try CalibrationTarget(scenarioPath: Self.scenarioPath, className: "gpu")
            Issue.record("no error")
        } catch { #expect(error.description.contains("no component class 'gpu'; its classes: node, psu")) }
        let target = try CalibrationTarget(scenarioPath: Self.scenarioPath, className: "node")
        let log = [ObservedFailure(time: 1, node: 32, repairHours: 1), ObservedFailure(time: 2, node: 32, repairHours: 1)]
        do {
            _ = try Calibration.run(log: log, span: 100, target: target, settings: Self.settings)
            Issue.record("no error")
        } catch { #expect(error.description.contains("names node 32, but class 'node' has 32 components")) }
    }

    @Test func quantitiesAreComputedAsDocumented() {
        let failures = [ObservedFailure(time: 0, node: 0, repairHours: 10), ObservedFailure(time: 5, node: 1, repairHours: 1),
                        ObservedFailure(time: 8, node: 1, repairHours: nil), ObservedFailure(time: 200, node: 0, repairHours: 2)]
        #expect(CalibrationQuantity.timeBetweenFailures.sample(failures, span: 400) == [3, 200])
        #expect(CalibrationQuantity.repairTime.sample(failures, span: 400) == [10, 1, 2])
        #expect(CalibrationQuantity.incidentsPerWeek.sample(failures, span: 400) == [3, 1])
        // At 0: itself; at 5: node 0's (until 10) and itself; at 200: itself (node 1's at 8 has no repair time).
        #expect(CalibrationQuantity.concurrentOutages.sample(failures, span: 400) == [1, 2, 1])
        // Node 0: 0 → its first failure is at 0 (no lifetime), back at 10, fails at 200, back at 202;
        // node 1: fails at 5 (lifetime 5), back at 6, fails at 8 (2), back at once; node 2 never fails.
        let lifetimes = ObservedFailure.lifetimes(failures, span: 400, population: 3)
        #expect(lifetimes.observed == [5, 2, 190])
        #expect(lifetimes.censored == [198, 392, 400])
    }
}
