import Dispatch
import FleetModel
import Foundation
import SimulationCore

/// How the fleet model's cost grows with fleet size: one replication of a scenario's fleet,
/// its sites stamped out again until the fleet has at least the target number of GPUs.
public enum FleetScaleBenchmark {
    public struct Measurement: Hashable, Sendable {
        public let targetGPUs: Int
        public let gpus: Int
        public let components: Int
        public let events: Int
        /// Building the topology (sites, racks, nodes, GPUs, component instances).
        public let buildSeconds: Double
        /// The replication itself.
        public let runSeconds: Double
        /// The process's peak resident memory so far (`getrusage`), MiB.
        public let peakResidentMiB: Double

        public var eventsPerSecond: Double { Double(events) / runSeconds }
    }

    /// `configuration`'s sites repeated (names suffixed `#k`) until at least `gpus` GPUs.
    public static func scaled(_ configuration: FleetConfiguration, toAtLeast gpus: Int) -> FleetConfiguration {
        let perCopy = FleetTopology(configuration).gpuCount
        precondition(perCopy > 0, "the fleet has no GPUs to scale")
        let copies = (gpus + perCopy - 1) / perCopy
        var scaled = configuration
        scaled.sites = (0..<copies).flatMap { copy in
            configuration.sites.map { site in
                var site = site
                site.name += "#\(copy)"
                return site
            }
        }
        if let network = configuration.network {
            scaled.network?.sites = Array((0..<copies).map { _ in network.sites }.joined())
        }
        return scaled
    }

    public static func measure(_ configuration: FleetConfiguration, targetGPUs: Int, seed: UInt64 = 1) -> Measurement {
        let scaled = scaled(configuration, toAtLeast: targetGPUs)
        let start = DispatchTime.now().uptimeNanoseconds
        let topology = FleetTopology(scaled)
        let built = DispatchTime.now().uptimeNanoseconds
        let result = FleetSimulation.replicate(topology, masterSeed: seed, replication: 0)
        let end = DispatchTime.now().uptimeNanoseconds
        return Measurement(
            targetGPUs: targetGPUs, gpus: topology.gpuCount, components: topology.componentCount,
            events: result.eventsFired, buildSeconds: Double(built - start) / 1e9,
            runSeconds: Double(end - built) / 1e9, peakResidentMiB: peakResidentMiB())
    }

    static func peakResidentMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
