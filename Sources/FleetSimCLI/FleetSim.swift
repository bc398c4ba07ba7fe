import ArgumentParser
import Reports

@main
struct FleetSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleetsim",
        abstract: "Discrete-event simulator and capacity planner for GPU fleets.",
        discussion: """
            Simulated time is in hours; scenario files write every duration with a unit \
            (30min, 8h, 5y). Each run is a set of independent replications, summarised with \
            95% confidence intervals. Same scenario and seed give byte-identical results, \
            on any number of threads.

            Examples:
              fleetsim run scenarios/repair-pool.yaml
              fleetsim run scenarios/repair-pool.yaml --seed 7 --replications 50 --output results/try
              fleetsim bench --json
              fleetsim agent --runbooks runbooks/closed-loop.yaml --stdin < signals.jsonl
            """,
        version: ResultsWriter.toolVersion,
        subcommands: [RunCommand.self, CompareCommand.self, FitCommand.self, CheckpointSweepCommand.self, BenchCommand.self, AgentCommand.self, ValidateCommand.self, ReplayCommand.self, ExportCommand.self, ReportCommand.self, PlanCommand.self, SoakCommand.self, LaunchCommand.self, SchemaCommand.self, GateCommand.self, CalibrateCommand.self]
    )
}
