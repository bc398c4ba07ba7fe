import FleetModel
import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics

/// Finds the checkpoint interval that maximises a training job's ETTR by simulation, and sets it
/// beside Young's and Daly's formulas and the exact optimum of the exponential model.
///
/// Every interval runs the same replications with the same seed (common random numbers: the
/// same failures), so differences between intervals are not drowned in run-to-run noise. The
/// ETTR curve is flat near its peak, so the optimum is taken as the vertex of a quadratic fitted
/// to ETTR against log(interval) over the intervals within a factor 2 of the best measured one,
/// rather than the noisy best point itself.
public enum CheckpointSweep {
    public struct Point: Sendable {
        public let interval: Double
        public let ettr: SampleStatistics
    }

    public struct Result: Sendable {
        public let job: String
        public let points: [Point]
        /// The measured interval with the highest mean ETTR.
        public let bestMeasured: Double
        /// The vertex of the quadratic fit, when it is a maximum inside the swept range.
        public let fitted: Double?
        /// Mean running hours between interruptions, measured at the scenario's own interval.
        public let jobMTBF: Double
        public let young: Double
        public let daly: Double
        /// The optimum of `CheckpointEfficiency` for the measured MTBF and the job's mean
        /// checkpoint, restart and reschedule times (exact for exponential failures and blocking
        /// checkpoints).
        public let exactOptimum: Double
        /// Whether the job writes checkpoints asynchronously (the formulas assume blocking writes).
        public let asynchronous: Bool

        public var optimum: Double { fitted ?? bestMeasured }
    }

    public struct SweepError: Error, CustomStringConvertible {
        public let description: String
        /// Set when the study itself stopped (a shard written, shards missing).
        public var study: StudyError?
    }

    /// Sweeps job `jobName` (the first job when `nil`) of `scenario` over `intervals` (hours; by
    /// default 13 intervals from ¼ to 4 times Young's, a third of an octave apart). With
    /// `allJobs`, every job takes each interval (jobs whose checkpoints share network links
    /// change together), and the ETTR reported is still the swept job's.
    public static func run(_ scenario: Scenario, jobName: String? = nil, allJobs: Bool = false, intervals: [Double]? = nil,
                           replications: Int, executor: any StudyExecutor, seed: UInt64) throws(SweepError) -> Result {
        guard case .fleet(let topology) = scenario.model else {
            throw SweepError(description: "a checkpoint sweep needs a fleet scenario with training_jobs")
        }
        let base = topology.configuration
        guard !base.trainingJobs.isEmpty else { throw SweepError(description: "the scenario has no training_jobs") }
        let names = base.trainingJobs.map(\.name)
        let job = try jobName.map { name throws(SweepError) in
            guard let index = names.firstIndex(of: name) else {
                throw SweepError(description: "no training job '\(name)' (jobs: \(names.joined(separator: ", ")))")
            }
            return index
        } ?? 0
        let spec = base.trainingJobs[job]

        /// One round: every interval × the replications, each unit the swept job's outcome.
        func outcomes(at intervals: [Double]) throws(SweepError) -> [[JobSample]] {
            let variants = intervals.map { interval in
                var configuration = base
                for index in configuration.trainingJobs.indices where allJobs || index == job {
                    configuration.trainingJobs[index].checkpointInterval = interval
                }
                return FleetTopology(configuration)
            }
            let round = StudyRound(definition: "checkpoint-sweep\n\(scenario.studyIdentity)\njob \(spec.name)\nall-jobs \(allJobs)",
                                   variants: intervals.map { "interval \($0) h" }, seed: seed, replications: replications)
            let values: [JobSample]
            do {
                values = try executor.evaluate(round) { unit in
                    JobSample(FleetSimulation.replicateJobOutcomes(variants[unit.variant], masterSeed: seed, replication: unit.replication)[job])
                }
            } catch { throw SweepError(description: error.description, study: error) }
            return StudyRound.byVariant(values, replications: replications).map(Array.init)
        }

        let pilot = try outcomes(at: [spec.checkpointInterval])[0]
        let interruptions = pilot.reduce(0) { $0 + $1.interruptions }
        guard interruptions > 0 else {
            throw SweepError(description: "job '\(spec.name)' was never interrupted in the pilot runs; nothing to trade checkpoints against")
        }
        let mtbf = pilot.reduce(0) { $0 + $1.runningHours } / interruptions
        let model = CheckpointEfficiency(meanTimeBetweenFailures: mtbf, checkpoint: spec.checkpointWrite,
                                         restart: spec.restartOverhead.mean, downtime: spec.rescheduleDelay.mean)
        let center = spec.checkpointWrite > 0 ? model.young : spec.checkpointInterval
        let minimum = spec.checkpointMode == .async ? spec.checkpointWrite : 0
        let grid = (intervals ?? (-6...6).map { center * pow(2, Double($0) / 3) }).filter { $0 > minimum }
        guard grid.count >= 3 else { throw SweepError(description: "fewer than 3 usable intervals to sweep") }

        let points = zip(grid, try outcomes(at: grid)).map { interval, outcomes in
            Point(interval: interval, ettr: SampleStatistics(outcomes.map(\.ettr)))
        }
        let best = points.max { $0.ettr.mean < $1.ettr.mean }!
        let window = points.filter { $0.interval >= best.interval / 2.01 && $0.interval <= best.interval * 2.01 }
        var fitted: Double?
        if let fit = QuadraticFit(x: window.map { log($0.interval) }, y: window.map(\.ettr.mean)), let vertex = fit.maximum {
            let candidate = exp(vertex)
            if candidate >= grid.min()! && candidate <= grid.max()! { fitted = candidate }
        }
        return Result(job: spec.name, points: points, bestMeasured: best.interval, fitted: fitted, jobMTBF: mtbf,
                      young: model.young, daly: model.daly, exactOptimum: model.optimalWork,
                      asynchronous: spec.checkpointMode == .async)
    }

    /// What a unit of the sweep keeps of the swept job (ETTR 0 when it never started).
    struct JobSample: Codable, Sendable {
        var ettr: Double
        var runningHours: Double
        var interruptions: Double

        init(_ outcome: JobOutcome) {
            ettr = outcome.ettr ?? 0
            runningHours = outcome.runningHours
            interruptions = Double(outcome.interruptions)
        }
    }
}
