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

        /// What a class is fitted to: its lifetimes, observed and censored
        /// (`ObservedFailure.lifetimes`), and its positive repair times.
        public struct Sample: Sendable {
            public let observed: [Double]
            public let censored: [Double]
            public let repairs: [Double]

            /// `failures` over a period of `span` hours on a class of `population` components.
            public init(_ failures: [ObservedFailure], span: Double, population: Int) {
                (observed, censored) = ObservedFailure.lifetimes(failures, span: span, population: population)
                repairs = failures.compactMap(\.repairHours).filter { $0 > 0 }
            }
        }

        /// Fits `sample`; at least `minimum` values are needed for each fit.
        public static func fitting(_ sample: Sample, minimum: Int = 3) throws(CalibrationError) -> ClassFit {
            guard sample.observed.count >= minimum else {
                throw CalibrationError("\(sample.observed.count) failures with a node in the log; need at least \(minimum) to fit")
            }
            do {
                return ClassFit(timeToFailure: try MaximumLikelihood.fitAll(sample.observed, censored: sample.censored),
                                repairTime: sample.repairs.count >= minimum ? try MaximumLikelihood.fitAll(sample.repairs) : [],
                                lifetimes: sample.observed.count, censored: sample.censored.count, repairs: sample.repairs.count)
            } catch { throw CalibrationError("the fit failed: \(error)") }
        }

        /// The same families refitted to a bootstrap resample (drawn with `stream`) of `sample`'s
        /// lifetimes — observed and censored drawn together, as pairs — and of its repair times:
        /// one draw of what the fit could have been.
        func resampled(_ sample: Sample, stream: RandomStream) throws(CalibrationError) -> ClassFit {
            func family(_ fits: [DistributionFit]) -> MaximumLikelihood.Family? {
                fits.first.flatMap { MaximumLikelihood.Family(rawValue: $0.distribution.family) }
            }
            let lifetimes = sample.observed.map { ($0, false) } + sample.censored.map { ($0, true) }
            let drawn = lifetimes.indices.map { _ in lifetimes[stream.index(below: lifetimes.count)] }
            let repairs = sample.repairs
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
        let fit = try ClassFit.fitting(ClassFit.Sample(log, span: span, population: target.instances))
        let simulation = try Simulation(target.scenario(fit), classIndex: target.classIndex, span: span)
        let runs = Replications.run(count: settings.replications, threads: settings.threads) {
            simulation.history(seed: settings.seed, replication: $0)
        }
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

    /// A scenario laid out once to be run over `span` hours after its warm-up, read for one
    /// class's failures.
    struct Simulation: Sendable {
        let topology: FleetTopology
        let warmup: Double
        let classIndex: Int

        init(_ scenario: Scenario, classIndex: Int, span: Double) throws(CalibrationError) {
            guard case .fleet(let topology) = scenario.withHorizon(scenario.warmup + span).model else {
                throw CalibrationError("calibration needs a fleet scenario")
            }
            self.topology = topology
            warmup = scenario.warmup
            self.classIndex = classIndex
        }

        /// One replication's failures of the class, in hours after the warm-up.
        func history(seed: UInt64, replication: Int) -> [ObservedFailure] {
            FleetSimulation.incidentHistory(topology, masterSeed: seed, replication: replication)
                .filter { $0.componentClass == classIndex && $0.failedAt >= warmup }
                .map { ObservedFailure(time: $0.failedAt - warmup, node: $0.instance, repairHours: $0.repairHours) }
        }
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
        let heldOut = ObservedFailure.after(split, in: log)
        let sample = ClassFit.Sample(training, span: split, population: target.instances)
        let fit: ClassFit
        do { fit = try ClassFit.fitting(sample) } catch {
            throw CalibrationError("the first \(percent(1 - settings.holdOut)) of the log is too short: \(error.description)")
        }
        // Each replication runs a bootstrap refit, so that the intervals carry the fit's own
        // uncertainty as well as the process's. It runs from the log's start, as the fleet did,
        // and is read after the split: components are as old as the log's were (a Weibull
        // class's hazard depends on it).
        let stream = RandomStream(masterSeed: settings.seed, name: "calibration.hold_out.bootstrap")
        var simulations: [Simulation] = []
        for _ in 0..<settings.replications {
            simulations.append(try Simulation(target.scenario(fit.resampled(sample, stream: stream)), classIndex: target.classIndex, span: span))
        }
        let bootstrapped = simulations
        let runs = Replications.run(count: settings.replications, threads: settings.threads) { replication in
            ObservedFailure.after(split, in: bootstrapped[replication].history(seed: settings.seed, replication: replication))
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
