import EngineBenchmarks

enum HoldBenchmarkProbe {
    static func engine(population: Int) -> Double {
        HoldBenchmark.runEngine(population: population, events: 20_000, seed: 3).finalTime
    }

    static func bare(population: Int) -> Double {
        HoldBenchmark.runBareHeap(population: population, events: 20_000, seed: 3).finalTime
    }

    static func drawsAlone(events: Int) -> Double {
        HoldBenchmark.runDraws(events: events, seed: 3).finalTime
    }
}
