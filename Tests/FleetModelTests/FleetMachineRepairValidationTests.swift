@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// The fleet model reduced to the machine-repair system — N single-GPU nodes failing at rate λ
/// while up, c technicians, exponential repairs, no remediation, instant detection and dispatch —
/// against the exact M/M/c//N solution. Same acceptance as the repair-pool validation: the exact
/// value inside the 99% confidence interval over 30 replications (12 checks, so 99% per check
/// keeps the family-wise false-alarm rate near 10%). A 3% error in the repair rate fails all 12.
@Suite struct FleetMachineRepairValidationTests {
    struct System: CustomTestStringConvertible, Sendable {
        let nodes: Int, technicians: Int, mttf: Double, mttr: Double
        var testDescription: String { "N=\(nodes) c=\(technicians) MTTF=\(mttf)h MTTR=\(mttr)h" }
    }

    @Test(arguments: [
        System(nodes: 10, technicians: 1, mttf: 50, mttr: 3),
        System(nodes: 20, technicians: 2, mttf: 100, mttr: 8),
        System(nodes: 64, technicians: 4, mttf: 500, mttr: 30),
    ])
    func fleetMatchesTheExactMachineRepairSolution(_ system: System) {
        let exact = MachineRepairQueue(machines: system.nodes, repairers: system.technicians,
                                       meanTimeToFailure: system.mttf, meanRepairTime: system.mttr)
        #expect(exact.repairerUtilisation > 0.5 && exact.repairerUtilisation < 0.95)
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses = [ComponentClass(
            name: "node", timeToFailure: .exponential(mean: system.mttf),
            modes: [FailureMode(name: "down", share: 1, fault: .hard, blastRadius: .node,
                                detection: .deterministic(0), remediation: [])],
            repairTime: .exponential(mean: system.mttr), repairedBy: .technicians, part: nil)]
        configuration.rackTypes = [RackType(name: "single", nodes: system.nodes, gpusPerNode: 1, nvlinkDomain: .node,
                                            powerKilowatts: 1, components: [Placement(componentClass: 0, level: .node, count: 1)])]
        configuration.siteComponents = []
        configuration.sites = [configuration.sites[0]]
        configuration.sites[0].racks = [RackCount(rackType: 0, count: 1)]
        configuration.sites[0].technicians.count = system.technicians
        configuration.horizon = 20_000
        configuration.warmup = 1_000
        let topology = FleetTopology(configuration)
        let results = Replications.run(count: 30, threads: 2) {
            FleetSimulation.replicate(topology, masterSeed: 2027, replication: $0)
        }
        let names = FleetSimulation.metrics(for: configuration).map(\.name)
        func check(_ name: String, _ exactValue: Double) {
            let index = names.firstIndex(of: name)!
            let interval = SampleStatistics(results.map { $0.values[index]! }).confidenceInterval(level: 0.99)!
            #expect(interval.contains(exactValue), "\(name): exact \(exactValue), simulated 99% CI \(interval)")
        }
        check("availability", exact.availability)
        check("mean_technician_queue_length", exact.meanQueueLength)
        check("mean_wait_for_technician_hours", exact.meanWait)
        check("technician_utilisation", exact.repairerUtilisation)
    }
}
