@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// `training_hardware_failures` counts failures of hardware a job held whatever it was doing (as
/// Llama 3's Table 5 counts interruptions); `training_interruptions` only those that stopped it
/// while running. With no time between a failure and the restart they are the same count; with a
/// long rescheduling delay, failures of the nodes the job keeps while rescheduling add to the
/// first only.
@Suite struct HardwareFailureCountingTests {
    static func counts(rescheduleDelay: Double) -> [(hardware: Double, interruptions: Double)] {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses = [ComponentClass(
            name: "gpu", timeToFailure: .exponential(mean: 8_000),
            modes: [FailureMode(name: "dead", share: 1, fault: .hard, blastRadius: .node, detection: .deterministic(0), remediation: [])],
            repairTime: .deterministic(1), repairedBy: .technicians, part: nil)]
        configuration.rackTypes = [RackType(name: "hgx", nodes: 12, gpusPerNode: 8, nvlinkDomain: .node,
                                            powerKilowatts: 10, components: [Placement(componentClass: 0, level: .gpu, count: 1)])]
        configuration.siteComponents = []
        configuration.sites = [configuration.sites[0]]
        configuration.sites[0].racks = [RackCount(rackType: 0, count: 1)]
        configuration.horizon = 2_000
        configuration.sampleInterval = configuration.horizon
        var job = TrainingJobSpec(name: "job", gpus: 64, checkpointInterval: 10, checkpointWrite: 0)
        job.rescheduleDelay = .deterministic(rescheduleDelay)
        configuration.trainingJobs = [job]
        let topology = FleetTopology(configuration)
        let names = FleetSimulation.metrics(for: configuration).map(\.name)
        let hardware = names.firstIndex(of: "training_hardware_failures")!, interruptions = names.firstIndex(of: "training_interruptions")!
        return Replications.run(count: 40, threads: 2) { replication in
            let values = FleetSimulation.replicate(topology, masterSeed: 5, replication: replication).values
            return (values[hardware]!, values[interruptions]!)
        }
    }

    @Test func withoutReschedulingTheCountsAgree() {
        let runs = Self.counts(rescheduleDelay: 0)
        #expect(runs.allSatisfy { $0.hardware == $0.interruptions }, "\(runs.prefix(5))")
        #expect(runs.map(\.hardware).reduce(0, +) > 100, "enough failures to compare")
    }

    /// 64 GPUs of mean life 8,000 h fail every 125 h; rescheduling for 100 h keeps 56 of them held
    /// meanwhile, so hardware failures exceed interruptions by a margin the 99% interval of the
    /// paired difference must show.
    @Test func failuresWhileReschedulingCountOnlyAsHardwareFailures() {
        let runs = Self.counts(rescheduleDelay: 100)
        #expect(runs.allSatisfy { $0.hardware >= $0.interruptions })
        let difference = SampleStatistics(runs.map { $0.hardware - $0.interruptions })
        let interval = difference.confidenceInterval(level: 0.99)!
        #expect(interval.lowerBound > 0, "hardware − interruptions: \(difference.mean), 99% CI \(interval)")
    }
}
