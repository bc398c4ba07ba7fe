import ArgumentParser
import EngineBenchmarks
import Foundation
import ScenarioLoading

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the event engine on the hold model against a bare 4-ary heap.",
        discussion: """
            The hold model keeps P events pending: take the earliest, schedule one at \
            now + Exp(1). The same loop runs on the engine (event calendar, model dispatch, \
            GSL draw) and on a bare array-based 4-ary heap of times with nothing around it; \
            ratio = engine ÷ bare heap. The draws are also timed alone: what no event list \
            can take away. Timings are the best of --repeats runs. Build in \
            release mode for meaningful figures:
              swift run -c release fleetsim bench
            Benchmarks/compare-simpy.sh puts the same model in SimPy beside it.

            With --fleet SCENARIO, measures the fleet model instead: one replication of the \
            scenario's fleet, its sites stamped out again to reach each --gpus size, with wall \
            time, events/s and peak memory, to show how cost grows with fleet size:
              fleetsim bench --fleet scenarios/mixed-fleet.yaml --horizon 5y --gpus 100000,300000,1000000
            """
    )

    @Option(help: "Comma-separated pending-event populations.")
    var populations: String = "1000,10000,1000000"

    @Option(help: "Events per timing.")
    var events: Int = 4_000_000

    @Option(help: "Hold increment: exponential, bimodal (90% within 0.01, 10% at 100) or pareto (heavy tail).")
    var increment: HoldIncrement = .exponential

    @Option(help: "Timings per side and population; the best is kept.")
    var repeats: Int = 3

    @Option(help: "Benchmark the fleet model of this scenario (a fleet scenario) instead of the hold model.")
    var fleet: String?

    @Option(help: "With --fleet: comma-separated fleet sizes in GPUs.")
    var gpus: String = "100000,300000,1000000"

    @Option(help: "With --fleet: simulated duration, overriding the scenario's (e.g. 5y).")
    var horizon: String?

    @Flag(help: "Print a JSON array, an object per population (keys in README.md's Performance section).")
    var json = false

    func validate() throws {
        guard Self.positiveIntegers(gpus) != nil else {
            throw ValidationError("--gpus must be positive whole numbers separated by commas (got '\(gpus)').")
        }
        guard parsedPopulations != nil else {
            throw ValidationError("--populations must be positive whole numbers separated by commas (got '\(populations)').")
        }
        if let horizon, case .failure(let error) = DurationArgument.hours(horizon) {
            throw ValidationError("--horizon: \(error)")
        }
        if events < 1 { throw ValidationError("--events must be at least 1 (got \(events)).") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1 (got \(repeats)).") }
    }

    private var parsedPopulations: [Int]? { Self.positiveIntegers(populations) }

    static func positiveIntegers(_ list: String) -> [Int]? {
        let values = list.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.map { $0! }
    }

    func run() throws {
        if let fleet {
            try runFleet(scenarioPath: fleet)
            return
        }
        var rows: [HoldBenchmark.Measurement] = []
        for population in parsedPopulations! {
            if !json {
                FileHandle.standardError.write(Data("hold model, P = \(population)...\n".utf8))
            }
            rows.append(HoldBenchmark.measure(population: population, events: events, increment: increment, repeats: repeats))
        }
        if json {
            let objects = rows.map { row in
                "{\"population\": \(row.population), \"engine_events_per_second\": \(Int(row.engineEventsPerSecond)), "
                    + "\"bare_heap_events_per_second\": \(Int(row.bareHeapEventsPerSecond)), "
                    + "\"calendar_queue_events_per_second\": \(Int(row.calendarQueueEventsPerSecond)), "
                    + "\"ladder_queue_events_per_second\": \(Int(row.ladderQueueEventsPerSecond)), "
                    + "\"draws_per_second\": \(Int(row.drawsPerSecond)), "
                    + "\"increment\": \"\(increment.rawValue)\", \"ratio\": \(String(format: "%.3f", row.ratio))}"
            }
            print("[\n  " + objects.joined(separator: ",\n  ") + "\n]")
        } else {
            print("hold increment: \(increment.rawValue)")
            print("population  engine events/s  bare heap events/s  ratio  calendar queue events/s  queue/heap  ladder queue events/s  ladder/heap  draws alone/s")
            for row in rows {
                print(String(format: "%10d  %15.0f  %18.0f  %5.2f  %23.0f  %10.2f  %21.0f  %11.2f  %13.0f",
                             row.population, row.engineEventsPerSecond, row.bareHeapEventsPerSecond, row.ratio,
                             row.calendarQueueEventsPerSecond, row.calendarQueueEventsPerSecond / row.bareHeapEventsPerSecond,
                             row.ladderQueueEventsPerSecond, row.ladderQueueEventsPerSecond / row.bareHeapEventsPerSecond,
                             row.drawsPerSecond))
            }
        }
    }
}

extension BenchCommand {
    func runFleet(scenarioPath: String) throws {
        var scenario: Scenario
        do { scenario = try ScenarioLoader.load(path: scenarioPath) } catch { throw CLIError(error.description) }
        if let horizon, case .success(let hours) = DurationArgument.hours(horizon) { scenario = scenario.withHorizon(hours) }
        guard case .fleet(let topology) = scenario.model else {
            throw CLIError("\(scenarioPath): --fleet needs a scenario with a 'fleet' block")
        }
        var rows: [FleetScaleBenchmark.Measurement] = []
        for size in Self.positiveIntegers(gpus)! {
            if !json { FileHandle.standardError.write(Data("fleet of \(size) GPUs...\n".utf8)) }
            rows.append(FleetScaleBenchmark.measure(topology.configuration, targetGPUs: size, seed: scenario.seed))
        }
        let years = topology.configuration.horizon / 8760
        if json {
            let objects = rows.map { row in
                "{\"gpus\": \(row.gpus), \"components\": \(row.components), \"events\": \(row.events), "
                    + "\"build_seconds\": \(String(format: "%.3f", row.buildSeconds)), \"run_seconds\": \(String(format: "%.3f", row.runSeconds)), "
                    + "\"events_per_second\": \(Int(row.eventsPerSecond)), \"peak_resident_mib\": \(Int(row.peakResidentMiB))}"
            }
            print("[\n  " + objects.joined(separator: ",\n  ") + "\n]")
        } else {
            print(String(format: "horizon %.2f years, one replication", years))
            print("     GPUs  components      events  build s    run s   events/s  µs per GPU-year  peak MiB")
            for row in rows {
                let perGPUYear = (row.buildSeconds + row.runSeconds) / (Double(row.gpus) * years) * 1e6
                print(String(format: "%9d  %10d  %10d  %7.2f  %7.2f  %9.0f  %15.2f  %8.0f", row.gpus, row.components, row.events,
                             row.buildSeconds, row.runSeconds, row.eventsPerSecond, perGPUYear, row.peakResidentMiB))
            }
        }
    }
}
extension HoldIncrement: ExpressibleByArgument {}
