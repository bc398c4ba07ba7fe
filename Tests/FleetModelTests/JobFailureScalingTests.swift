@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// With independent exponential GPU failures (mean M per GPU), a job on G GPUs is first
/// interrupted after Exp(M/G): its mean time to first failure scales as 1/G. The exact M/G must lie
/// in the simulated 99% confidence interval (three sizes, so 99% per check keeps the family-wise
/// false-alarm rate near 3%).
@Suite struct JobFailureScalingTests {
    @Test(arguments: [8, 1024, 16_384])
    func timeToFirstFailureScalesAsOneOverG(_ gpus: Int) {
        let gpuMTBF = 80_000.0
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses = [ComponentClass(
            name: "gpu", timeToFailure: .exponential(mean: gpuMTBF),
            modes: [FailureMode(name: "dead", share: 1, fault: .hard, blastRadius: .node, detection: .deterministic(0), remediation: [])],
            repairTime: .deterministic(1), repairedBy: .technicians, part: nil)]
        configuration.rackTypes = [RackType(name: "hgx", nodes: gpus / 8 + 2, gpusPerNode: 8, nvlinkDomain: .node,
                                            powerKilowatts: 10, components: [Placement(componentClass: 0, level: .gpu, count: 1)])]
        configuration.siteComponents = []
        configuration.sites = [configuration.sites[0]]
        configuration.sites[0].racks = [RackCount(rackType: 0, count: 1)]
        let expected = gpuMTBF / Double(gpus)
        configuration.horizon = 30 * expected
        configuration.sampleInterval = configuration.horizon
        configuration.trainingJobs = [TrainingJobSpec(name: "job", gpus: gpus, checkpointInterval: expected, checkpointWrite: 0)]
        let topology = FleetTopology(configuration)
        let column = FleetSimulation.jobsTableColumns.map(\.name).firstIndex(of: "first_interruption_hours")!
        let firsts = Replications.run(count: 300, threads: 2) {
            Double(FleetSimulation.replicate(topology, masterSeed: 21, replication: $0).tables.first { $0.name == "jobs" }!.rows[0][column])!
        }
        let statistics = SampleStatistics(firsts)
        let interval = statistics.confidenceInterval(level: 0.99)!
        #expect(interval.contains(expected), "G = \(gpus): mean first failure \(statistics.mean) h, 99% CI \(interval), M/G = \(expected) h")
    }
}
