@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

@Suite struct FleetProcessTests {
    /// 500 GPUs failing exponentially (mean 1,000 h), repaired in 0.001 h: over 1,000 h the
    /// failures form a Poisson process of rate ≈ 0.5/h, so across replications the count's mean
    /// and variance are both ≈ 500 (checked within 4.5 standard errors).
    @Test func failureCountsMatchThePoissonProcess() {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.sites = [configuration.sites[0]]
        configuration.sites[0].racks = [RackCount(rackType: 0, count: 62)]  // 496 GPUs
        configuration.componentClasses[0].timeToFailure = .exponential(mean: 1000)
        configuration.componentClasses[0].repairTime = .deterministic(0.001)
        configuration.componentClasses[0].modes[0].detection = .deterministic(0)
        configuration.sites[0].technicians.count = 1000
        let topology = FleetTopology(configuration)
        let results = Replications.run(count: 300, threads: 2) {
            FleetSimulation.replicate(topology, masterSeed: 7, replication: $0)
        }
        let index = FleetSimulation.metrics(for: configuration).firstIndex { $0.name == "incidents_gpu" }!
        let counts = SampleStatistics(results.map { $0.values[index]! })
        let expected = 496 * 1000 / 1000.0 * (1000 / 1000.001)
        #expect(abs(counts.mean - expected) < 4.5 * (expected / 300).squareRoot(), "mean \(counts.mean) vs \(expected)")
        let variance = counts.standardDeviation * counts.standardDeviation
        #expect(abs(variance - expected) < 4.5 * expected * (2.0 / 299).squareRoot(), "variance \(variance) vs \(expected)")
    }

    @Test func hardFaultsWaitForSparesAndCountStockouts() {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses[0].part = "gpu"
        configuration.sites[0].spares = [SparePolicy(part: "gpu", initialStock: 1, reorderPoint: 0,
                                                     reorderQuantity: 2, leadTime: .deterministic(100))]
        let topology = FleetTopology(configuration)
        var model = FleetSimulation(topology: topology, masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        for gpu in 0..<3 { model.fail(ComponentID(componentClass: 0, instance: gpu), calendar: &calendar) }
        calendar.run(&model, until: 50)
        // One spare: the first GPU is repaired at 0.1 + 2; two wait for the order placed at 0.1.
        #expect(model.statistics.stockouts == 2)
        #expect(model.ledger.usable(site: 0) == 6)
        calendar.run(&model, until: 200)
        #expect(model.ledger.usable(site: 0) == 8)
        #expect(abs(model.statistics.partWait.mean - 100) < 1e-9)
    }

    @Test func diagnosisComesBetweenDetectionAndRepair() {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses[0].diagnosis = .deterministic(0.25)
        let topology = FleetTopology(configuration)
        var model = FleetSimulation(topology: topology, masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        model.fail(ComponentID(componentClass: 0, instance: 0), calendar: &calendar)
        calendar.run(&model, until: 10)
        // Detection 0.1 h (not counting diagnosis), then 0.25 h diagnosis, then 2 h repair.
        #expect(model.statistics.detectionTimes == [0.1])
        #expect(model.statistics.resolutionTimes.count == 1 && abs(model.statistics.resolutionTimes[0] - 2.35) < 1e-9)
    }

    @Test func businessHoursDelayWorkToTheNextShift() {
        #expect(WorkShifts.isBusinessHours(9) && !WorkShifts.isBusinessHours(17) && !WorkShifts.isBusinessHours(5 * 24 + 9))
        #expect(WorkShifts.nextShiftStart(after: 18) == 24 + 8)
        #expect(WorkShifts.nextShiftStart(after: 4 * 24 + 17.5) == 7 * 24 + 8)  // Friday evening → Monday
        #expect(WorkShifts.nextShiftStart(after: 10) == 10)
    }

    @Test func replicationsAreDeterministic() {
        let topology = FleetTopology(FleetFixtures.smallFleet())
        var configuration = topology.configuration
        configuration.componentClasses[0].timeToFailure = .weibull(shape: 0.7, scale: 200)
        let busy = FleetTopology(configuration)
        let first = FleetSimulation.replicate(busy, masterSeed: 3, replication: 2)
        let second = FleetSimulation.replicate(busy, masterSeed: 3, replication: 2)
        #expect(first == second && first.eventsFired > 100)
    }
}
