import FleetModel
import ScenarioLoading
import SimulationCore
import Stochastics

/// Calibration of a scenario against an incident log: fit the class's time to failure and
/// repair time to the log (maximum likelihood, best family by AIC), simulate the calibrated
/// scenario over the log's period, and compare what an operator sees — time between failures,
/// repair time, incidents per week, concurrent outages — between the log and the simulation;
/// then fit on the log's first part only and check that the model predicts the rest.
///
/// Each quantity is judged by the two-sample Anderson–Darling test (its permutation p-value) at
/// `alpha` split over the four quantities (Bonferroni), so that a model that is right is called
/// consistent on all four with probability at least 1 − alpha. The tests treat the values as
/// independent; weekly counts and concurrent outages of one period are not quite, so read a
/// borderline p-value on them with care.
public struct Calibration: Sendable {
    public struct Settings: Sendable {
        public var seed: UInt64
        public var replications: Int
        /// The share of the log's period, at its end, held out of the fit (0: no hold-out check).
        public var holdOut: Double
        public var alpha: Double
        public var permutations: Int
        public var threads: Int

        public init(seed: UInt64, replications: Int = 40, holdOut: Double = 0.3, alpha: Double = 0.05,
                    permutations: Int = 199, threads: Int = 1) {
            self.seed = seed
            self.replications = replications
            self.holdOut = holdOut
            self.alpha = alpha
            self.permutations = permutations
            self.threads = threads
        }
    }

    /// The fits of one class, best (lowest AIC) first; empty where the log has too little.
    public struct ClassFit: Sendable {
        public let timeToFailure: [DistributionFit]
        public let repairTime: [DistributionFit]
        /// Sample sizes: lifetimes observed to end in a failure, lifetimes censored by the end of
        /// the period (`ObservedFailure.lifetimes`), and repair times.
        public let lifetimes: Int
        public let censored: Int
        public let repairs: Int

        /// Fits `failures` over a period of `span` hours on a class of `population` components;
        /// at least `minimum` values are needed for each fit.
        public static func fitting(_ failures: [ObservedFailure], span: Double, population: Int,
                                   minimum: Int = 3) throws(CalibrationError) -> ClassFit {
            let (lifetimes, censored) = ObservedFailure.lifetimes(failures, span: span, population: population)
            let repairs = failures.compactMap(\.repairHours).filter { $0 > 0 }
            guard lifetimes.count >= minimum else {
                throw CalibrationError("\(lifetimes.count) failures with a node in the log; need at least \(minimum) to fit")
            }
            do {
                return ClassFit(timeToFailure: try MaximumLikelihood.fitAll(lifetimes, censored: censored),
                                repairTime: repairs.count >= minimum ? try MaximumLikelihood.fitAll(repairs) : [],
                                lifetimes: lifetimes.count, censored: censored.count, repairs: repairs.count)
            } catch { throw CalibrationError("the fit failed: \(error)") }
        }

        /// The same families refitted to a bootstrap resample (drawn with `stream`) of the
        /// lifetimes — observed and censored drawn together, as pairs — and of the repair times:
        /// one draw of what the fit could have been.
        func resampled(_ failures: [ObservedFailure], span: Double, population: Int,
                       stream: RandomStream) throws(CalibrationError) -> ClassFit {
            func family(_ fits: [DistributionFit]) -> MaximumLikelihood.Family? {
                fits.first.flatMap { MaximumLikelihood.Family(rawValue: $0.distribution.family) }
            }
            let (observed, censored) = ObservedFailure.lifetimes(failures, span: span, population: population)
            let lifetimes = observed.map { ($0, false) } + censored.map { ($0, true) }
            let drawn = lifetimes.indices.map { _ in lifetimes[stream.index(below: lifetimes.count)] }
            let repairs = failures.compactMap(\.repairHours).filter { $0 > 0 }
            do {
                var timeToFailure: [DistributionFit] = []
                if let family = family(self.timeToFailure) {
                    timeToFailure = [try MaximumLikelihood.fit(family, to: drawn.filter { !$0.1 }.map(\.0), censored: drawn.filter(\.1).map(\.0))]
                }
                var repairTime: [DistributionFit] = []
                if let family = family(self.repairTime) {
                    repairTime = [try MaximumLikelihood.fit(family, to: repairs.indices.map { _ in repairs[stream.index(below: repairs.count)] })]
                }
                return ClassFit(timeToFailure: timeToFailure, repairTime: repairTime, lifetimes: self.lifetimes, censored: self.censored,
                                repairs: self.repairs)
            } catch { throw CalibrationError("a bootstrap refit failed: \(error)") }
        }
    }

    public enum Verdict: String, Sendable {
        case consistent, differs
        case insufficientData = "insufficient_data"
    }

    /// One quantity, logged against simulated.
    public struct Comparison: Sendable {
        public let quantity: CalibrationQuantity
        public let logged: [Double]
        public let simulated: [Double]
        public let ksStatistic: Double
        public let ksPValue: Double
        public let andersonDarling: Double
        public let andersonDarlingPValue: Double
        /// The level each quantity is judged at.
        public let level: Double
        public let verdict: Verdict
        /// Quantiles of both samples at the same probabilities, for a Q-Q plot.
        public let quantiles: [(probability: Double, logged: Double, simulated: Double)]
    }

    /// A figure of the held-out period: logged, and the simulated prediction interval (at
    /// 1 − alpha/2, as two figures are checked).
    public struct Prediction: Sendable {
        public let name: String
        public let unit: String
        public let logged: Double
        public let simulatedMean: Double
        public let low: Double
        public let high: Double
        public var inside: Bool { logged >= low && logged <= high }
    }

    public struct HoldOut: Sendable {
        public let fraction: Double
        public let trainingHours: Double
        public let heldOutHours: Double
        public let trainingFailures: Int
        public let heldOutFailures: Int
        public let fit: ClassFit
        public let predictions: [Prediction]
        public var predicted: Bool { predictions.allSatisfy(\.inside) }
    }

    public let span: Double
    public let fit: ClassFit
    public let comparisons: [Comparison]
    /// Why the hold-out check was skipped, if it was.
    public let holdOut: Result<HoldOut, CalibrationError>?
    /// Replication 0's failures of the class: a log in the same shape as the input.
    public let simulatedLog: [ObservedFailure]

    public var consistent: Bool { comparisons.allSatisfy { $0.verdict != .differs } }

    /// Calibrates `target` against `log` (failures sorted by time, hours from the start of a
    /// period of `span` hours).
    public static func run(log: [ObservedFailure], span: Double, target: CalibrationTarget,
                           settings: Settings) throws(CalibrationError) -> Calibration {
        for failure in log {
            if let node = failure.node, node >= target.instances {
                throw CalibrationError("the log names node \(node), but class '\(target.className)' has \(target.instances) "
                    + "components in \(target.scenarioPath) (nodes are numbered from 0)")
            }
        }
        let fit = try ClassFit.fitting(log, span: span, population: target.instances)
        let runs = try simulate(target.scenario(fit), classIndex: target.classIndex, span: span, settings: settings)
        let level = settings.alpha / Double(CalibrationQuantity.allCases.count)
        let comparisons = CalibrationQuantity.allCases.map { quantity in
            compare(quantity, logged: quantity.sample(log, span: span),
                    simulated: runs.flatMap { quantity.sample($0, span: span) }, level: level, settings: settings)
        }
        var holdOut: Result<HoldOut, CalibrationError>?
        if settings.holdOut > 0 {
            do throws(CalibrationError) {
                holdOut = .success(try holdOutCheck(log: log, span: span, target: target, settings: settings))
            } catch { holdOut = .failure(error) }
        }
        return Calibration(span: span, fit: fit, comparisons: comparisons, holdOut: holdOut, simulatedLog: runs.first ?? [])
    }

    /// The scenario's failures of the class in each replication, over `span` hours after its warm-up.
    static func simulate(_ scenario: Scenario, classIndex: Int, span: Double, settings: Settings) -> [[ObservedFailure]] {
        Replications.run(count: settings.replications, threads: settings.threads) { replication in
            history(scenario, classIndex: classIndex, span: span, seed: settings.seed, replication: replication)
        }
    }

    /// One replication's failures of the class over `span` hours after the scenario's warm-up.
    static func history(_ scenario: Scenario, classIndex: Int, span: Double, seed: UInt64, replication: Int) -> [ObservedFailure] {
        let warmup = scenario.warmup
        guard case .fleet(let topology) = scenario.withHorizon(warmup + span).model else { return [] }
        return FleetSimulation.incidentHistory(topology, masterSeed: seed, replication: replication)
            .filter { $0.componentClass == classIndex && $0.failedAt >= warmup }
            .map { ObservedFailure(time: $0.failedAt - warmup, node: $0.instance, repairHours: $0.repairHours) }
    }

    static func compare(_ quantity: CalibrationQuantity, logged: [Double], simulated: [Double], level: Double,
                        settings: Settings) -> Comparison {
        guard logged.count >= 2, simulated.count >= 2 else {
            return Comparison(quantity: quantity, logged: logged, simulated: simulated, ksStatistic: .nan, ksPValue: .nan,
                              andersonDarling: .nan, andersonDarlingPValue: .nan, level: level, verdict: .insufficientData, quantiles: [])
        }
        let d = TwoSampleTests.kolmogorovSmirnov(logged, simulated)
        let stream = RandomStream(masterSeed: settings.seed, name: "calibration.\(quantity.rawValue)")
        let adP = TwoSampleTests.andersonDarlingPValue(logged, simulated, permutations: settings.permutations, stream: stream)
        let loggedQuantiles = Quantiles(logged), simulatedQuantiles = Quantiles(simulated)
        let points = min(99, logged.count)
        let quantiles = (0..<points).map { k in
            let p = (Double(k) + 0.5) / Double(points)
            return (p, loggedQuantiles.value(at: p)!, simulatedQuantiles.value(at: p)!)
        }
        return Comparison(quantity: quantity, logged: logged, simulated: simulated, ksStatistic: d,
                          ksPValue: TwoSampleTests.kolmogorovSmirnovPValue(d, counts: logged.count, simulated.count),
                          andersonDarling: TwoSampleTests.andersonDarling(logged, simulated), andersonDarlingPValue: adP,
                          level: level, verdict: adP >= level ? .consistent : .differs, quantiles: quantiles)
    }

    /// Fits the log's first (1 − holdOut) of the period and checks the held-out rest against
    /// simulated prediction intervals of its failure count and mean repair time.
    public static func holdOutCheck(log: [ObservedFailure], span: Double, target: CalibrationTarget,
                                    settings: Settings) throws(CalibrationError) -> HoldOut {
        let split = span * (1 - settings.holdOut)
        let training = log.filter { $0.time < split }
        let heldOut = log.filter { $0.time >= split }.map { ObservedFailure(time: $0.time - split, node: $0.node, repairHours: $0.repairHours) }
        let fit: ClassFit
        do { fit = try ClassFit.fitting(training, span: split, population: target.instances) } catch {
            throw CalibrationError("the first \(percent(1 - settings.holdOut)) of the log is too short: \(error.description)")
        }
        // Each replication runs a bootstrap refit, so that the intervals carry the fit's own
        // uncertainty as well as the process's. It runs from the log's start, as the fleet did,
        // and is read after the split: components are as old as the log's were (a Weibull
        // class's hazard depends on it).
        let stream = RandomStream(masterSeed: settings.seed, name: "calibration.hold_out.bootstrap")
        var scenarios: [Scenario] = []
        for _ in 0..<settings.replications { scenarios.append(try target.scenario(fit.resampled(training, span: split, population: target.instances, stream: stream))) }
        let bootstrapped = scenarios
        let runs = Replications.run(count: settings.replications, threads: settings.threads) { replication in
            history(bootstrapped[replication], classIndex: target.classIndex, span: span, seed: settings.seed, replication: replication)
                .filter { $0.time >= split }
                .map { ObservedFailure(time: $0.time - split, node: $0.node, repairHours: $0.repairHours) }
        }
        // Two figures, each at 1 − alpha/2 (Bonferroni), so that a model that is right passes
        // both with probability at least 1 − alpha; Student-t prediction intervals over the
        // replications (counts of hundreds and mean repair times are near normal).
        func prediction(_ name: String, unit: String, logged: Double, _ value: ([ObservedFailure]) -> Double?) -> Prediction? {
            let values = runs.compactMap(value)
            guard values.count >= 2 else { return nil }
            let statistics = SampleStatistics(values)
            let halfWidth = statistics.predictionHalfWidth(level: 1 - settings.alpha / 2)!
            return Prediction(name: name, unit: unit, logged: logged, simulatedMean: statistics.mean,
                              low: statistics.mean - halfWidth, high: statistics.mean + halfWidth)
        }
        func meanRepair(_ failures: [ObservedFailure]) -> Double? {
            let repairs = failures.compactMap(\.repairHours)
            return repairs.isEmpty ? nil : repairs.reduce(0, +) / Double(repairs.count)
        }
        var predictions: [Prediction] = []
        if let count = prediction("incidents", unit: "", logged: Double(heldOut.count), { Double($0.count) }) { predictions.append(count) }
        if let logged = meanRepair(heldOut), let repair = prediction("mean repair time", unit: "h", logged: logged, meanRepair) {
            predictions.append(repair)
        }
        return HoldOut(fraction: settings.holdOut, trainingHours: split, heldOutHours: span - split, trainingFailures: training.count,
                       heldOutFailures: heldOut.count, fit: fit, predictions: predictions)
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
