import ArgumentParser
import EngineBenchmarks
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the event engine on the hold model against a bare 4-ary heap.",
        discussion: """
            The hold model keeps P events pending: take the earliest, schedule one at \
            now + Exp(1). The same loop runs on the engine (event calendar, model dispatch, \
            GSL draw) and on a bare array-based 4-ary heap of times with nothing around it; \
            ratio = engine ÷ bare heap. Timings are the best of --repeats runs. Build in \
            release mode for meaningful figures:
              swift run -c release fleetsim bench
            Benchmarks/compare-simpy.sh puts the same model in SimPy beside it.
            """
    )

    @Option(help: "Comma-separated pending-event populations.")
    var populations: String = "1000,10000,1000000"

    @Option(help: "Events per timing.")
    var events: Int = 4_000_000

    @Option(help: "Timings per side and population; the best is kept.")
    var repeats: Int = 3

    @Flag(help: "Print a JSON array of {population, engine_events_per_second, bare_heap_events_per_second, ratio}.")
    var json = false

    func validate() throws {
        guard parsedPopulations != nil else {
            throw ValidationError("--populations must be positive whole numbers separated by commas (got '\(populations)').")
        }
        if events < 1 { throw ValidationError("--events must be at least 1 (got \(events)).") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1 (got \(repeats)).") }
    }

    private var parsedPopulations: [Int]? {
        let values = populations.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.map { $0! }
    }

    func run() throws {
        var rows: [HoldBenchmark.Measurement] = []
        for population in parsedPopulations! {
            if !json {
                FileHandle.standardError.write(Data("hold model, P = \(population)...\n".utf8))
            }
            rows.append(HoldBenchmark.measure(population: population, events: events, repeats: repeats))
        }
        if json {
            let objects = rows.map { row in
                "{\"population\": \(row.population), \"engine_events_per_second\": \(Int(row.engineEventsPerSecond)), "
                    + "\"bare_heap_events_per_second\": \(Int(row.bareHeapEventsPerSecond)), "
                    + "\"ratio\": \(String(format: "%.3f", row.ratio))}"
            }
            print("[\n  " + objects.joined(separator: ",\n  ") + "\n]")
        } else {
            print("population  engine events/s  bare heap events/s  ratio")
            for row in rows {
                print(String(format: "%10d  %15.0f  %18.0f  %5.2f",
                             row.population, row.engineEventsPerSecond, row.bareHeapEventsPerSecond, row.ratio))
            }
        }
    }
}
