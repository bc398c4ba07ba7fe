import ArgumentParser
import Experiments
import Foundation
import Reports
import ScenarioLoading

struct CheckpointSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint-sweep",
        abstract: "Find a training job's ETTR-optimal checkpoint interval, next to Young's and Daly's.",
        discussion: """
            Runs the scenario once at the job's own interval to measure its mean time between \
            interruptions M, then at 13 intervals from ¼ to 4 times Young's √(2CM) (or at \
            --intervals), every interval on the same random numbers. Reports ETTR with 95% \
            confidence intervals, the optimum (the peak of a quadratic fitted to ETTR against \
            log interval), Young's and Daly's intervals, and the exact optimum of the \
            exponential-failure model (blocking checkpoints). Writes checkpoint-sweep.csv with \
            --output.

            Examples:
              fleetsim checkpoint-sweep scenarios/llama3-405b-16k.yaml -r 10
              fleetsim checkpoint-sweep my.yaml --job pretrain --intervals 10min,20min,40min,80min
              fleetsim checkpoint-sweep scenarios/network-bound-checkpoints.yaml --all-jobs

            With checkpoint_size_gb, C in Young's and Daly's formulas is the uncontended \
            write time; the simulated optimum includes the sharing of the links.
            """
    )

    @Argument(help: "A fleet scenario with training_jobs.")
    var scenario: String

    @Option(help: "The training job to sweep (default: the first).")
    var job: String?

    @Flag(help: ArgumentHelp("Give every job each interval, not only the swept one.",
                             discussion: "For jobs whose checkpoints share network links (checkpoint_size_gb): a planner sets one policy for all of them."))
    var allJobs = false

    @Option(help: "Comma-separated intervals with units (default: a grid around Young's interval).")
    var intervals: String?

    @Option(name: [.short, .long], help: "Replications per interval.")
    var replications: Int = 10

    @OptionGroup var options: ScenarioOptions

    @Option(name: [.short, .long], help: "Directory for checkpoint-sweep.csv.")
    var output: String?

    @OptionGroup(title: "Beyond one machine (README: Beyond one machine)") var study: StudyOptions

    func validate() throws {
        if let problem = ScenarioLimits.replicationsProblem(replications, minimum: 2) { throw ValidationError("--replications: \(problem).") }
        _ = try parsedIntervals()
    }

    func parsedIntervals() throws -> [Double]? {
        try intervals.map { list in
            try list.split(separator: ",").map { text in
                switch DurationArgument.hours(String(text)) {
                case .success(let hours): return hours
                case .failure(let error): throw ValidationError("--intervals: \(error)")
                }
            }
        }
    }

    func run() throws {
        let loaded = try options.load(scenario)
        if let output, study.writesResults { try ResultsOutput.checkTarget(output, command: "checkpoint-sweep", inputs: [scenario]) }
        let executor = try study.executor(threads: options.threads, results: output ?? "results/checkpoint-sweep-\(loaded.name)")
        let result: CheckpointSweep.Result
        do {
            result = try CheckpointSweep.run(
                loaded, jobName: job, allJobs: allJobs, intervals: try parsedIntervals(), replications: replications, executor: executor,
                seed: options.seed(for: loaded))
        } catch let error as CheckpointSweep.SweepError {
            if let stopped = error.study { throw StudyOptions.stop(stopped) }
            throw CLIError("\(scenario): \(error)")
        }
        guard executor.writesResults else { return }
        func minutes(_ hours: Double) -> String { String(format: "%.1f min", hours * 60) }
        print("job \(result.job): mean time between interruptions \(String(format: "%.3g", result.jobMTBF)) h (measured)")
        print("  interval      ETTR      95% CI")
        var table = "interval_hours,ettr_mean,ci_low,ci_high,replications\n"
        for point in result.points {
            let ci = point.ettr.confidenceInterval()
            print(String(format: "  %9@   %.5f   %.5f–%.5f", minutes(point.interval), point.ettr.mean, ci?.lowerBound ?? .nan, ci?.upperBound ?? .nan))
            table += "\(point.interval),\(point.ettr.mean),\(ci?.lowerBound ?? .nan),\(ci?.upperBound ?? .nan),\(point.ettr.count)\n"
        }
        print("optimum (quadratic fit): \(result.fitted.map(minutes) ?? "none inside the range")")
        print("best measured:           \(minutes(result.bestMeasured))")
        print("Young √(2CM):            \(minutes(result.young))")
        print("Daly:                    \(minutes(result.daly))")
        print("exact (exponential):     \(minutes(result.exactOptimum))")
        if result.asynchronous {
            print("(Young, Daly and the exact model assume blocking checkpoints; this job's are asynchronous, so shorter intervals cost only write bandwidth.)")
        }
        if let output {
            try ResultsOutput.writeFolder(["checkpoint-sweep.csv": Data(table.utf8)], to: URL(fileURLWithPath: output),
                                          command: "checkpoint-sweep", inputs: [scenario])
        }
    }
}
