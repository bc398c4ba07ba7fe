@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// Checkpoints written over the network: their time follows from their size and the bandwidth
/// they get, simultaneous writes slow each other, and a failed link stalls them.
@Suite struct NetworkCheckpointTests {
    static let second = 1.0 / 3600

    /// One site of 1 rack × `nodes` nodes of 8 GPUs; storage `storageGbps`, a spine that is never
    /// the bottleneck; nothing fails by itself. Jobs of one node each, submitted at 0.
    static func fleet(jobs: Int, nodes: Int, storageGbps: Double, sizeGB: Double, horizon: Double) -> FleetConfiguration {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.rackTypes = [RackType(name: "hgx", nodes: nodes, gpusPerNode: 8, nvlinkDomain: .node, powerKilowatts: 10,
                                            components: [Placement(componentClass: 0, level: .gpu, count: 1)])]
        configuration.sites = [configuration.sites[0]]
        configuration.siteComponents = []
        configuration.horizon = horizon
        configuration.network = NetworkConfiguration(sites: [
            .init(spineGbps: 1e5, storageGbps: storageGbps, wanGbps: 100, latencySeconds: 0),
        ])
        configuration.trainingJobs = (0..<jobs).map { index in
            TrainingJobSpec(name: "job\(index)", gpus: 8, checkpointInterval: 1, checkpointWrite: 0, checkpointSizeGigabytes: sizeGB)
        }
        return configuration
    }

    static func value(_ name: String, _ result: ReplicationResult, _ configuration: FleetConfiguration) throws -> Double {
        let index = try #require(FleetSimulation.metrics(for: configuration).firstIndex { $0.name == name })
        return try #require(result.values[index])
    }

    /// k jobs in lockstep write k checkpoints at once to one storage link: each takes k·size ÷ C.
    @Test(arguments: [1, 2, 4, 8])
    func simultaneousCheckpointsShareTheStorageLink(_ k: Int) throws {
        var configuration = Self.fleet(jobs: k, nodes: 8, storageGbps: 100, sizeGB: 100, horizon: 10.5)
        configuration.sampleInterval = 1
        let result = FleetSimulation.replicate(FleetTopology(configuration), masterSeed: 1, replication: 0)
        let expected = Double(k) * 100 * 8 / 100 / 60  // minutes
        #expect(abs(try Self.value("p50_checkpoint_transfer_minutes", result, configuration) - expected) < 1e-9)
        #expect(abs(try Self.value("p99_checkpoint_transfer_minutes", result, configuration) - expected) < 1e-9)
        #expect(try Self.value("checkpoint_transfers", result, configuration) == Double(10 * k))
        #expect(try Self.value("slowed_transfer_share", result, configuration) == (k == 1 ? 0 : 1))
        let links = try #require(result.tables.first { $0.name == "links" })
        let storage = try #require(links.rows.first { $0[2] == "storage" })
        #expect(abs(Double(storage[7])! - Double(10 * k) * 100 / 1000) < 1e-9, "each checkpoint carried once")
        // Each hour from the second on holds one round of checkpoints: k × 800 Gb over 3,600 s.
        let samples = try #require(result.tables.first { $0.name == "link_utilisation" })
        let storageRows = samples.rows.filter { $0[1] == "a/storage" }
        #expect(storageRows.map { Double($0[0])! } == (1...10).map(Double.init))
        #expect(Double(storageRows[0][2])! == 0, "no checkpoint before the first hour ends")
        for row in storageRows.dropFirst() {
            #expect(abs(Double(row[2])! - Double(k) * 800 / 3600) < 1e-9, "\(row)")
        }
    }

    /// A blocking checkpoint whose write is network-bound: ETTR matches the exact renewal model
    /// with C = size ÷ bandwidth, as `CheckpointValidationTests` does for a constant C.
    @Test func networkBoundETTRMatchesTheExactModel() throws {
        let c = CheckpointValidationTests.Case(nodes: 8, nodeMTBF: 80, work: 1, checkpoint: 0.1, restart: 0.25, downtime: 0.1)
        var configuration = CheckpointValidationTests.fleet(for: c, horizon: 20_000)
        // 450 GB over 10 Gb/s: 360 s = 0.1 h.
        configuration.network = NetworkConfiguration(sites: [.init(spineGbps: 1e4, storageGbps: 10, wanGbps: 10, latencySeconds: 0)])
        configuration.trainingJobs[0].checkpointWrite = 0.1
        configuration.trainingJobs[0].checkpointSizeGigabytes = 450
        let topology = FleetTopology(configuration)
        let index = try #require(FleetSimulation.metrics(for: configuration).firstIndex { $0.name == "training_ettr" })
        let results = Replications.run(count: 10, threads: 2) { FleetSimulation.replicate(topology, masterSeed: 11, replication: $0) }
        let simulated = SampleStatistics(results.map { $0.values[index]! })
        let exact = CheckpointEfficiency(meanTimeBetweenFailures: c.jobMTBF, checkpoint: c.checkpoint,
                                         restart: c.restart, downtime: c.downtime).efficiency(work: c.work)
        #expect(abs(simulated.mean - exact) < 0.005, "ETTR \(simulated.mean) vs exact \(exact)")
        #expect(simulated.confidenceInterval(level: 0.99)!.contains(exact))
    }

    /// The storage link's only switch fails 18 s into a 36 s checkpoint and is back 2.1 h later
    /// (detection 0.1 h, provider repair 2 h): the transfer stalls, then finishes its other 18 s.
    @Test func aLinkFailureMidTransferStallsIt() throws {
        var configuration = Self.fleet(jobs: 1, nodes: 2, storageGbps: 10, sizeGB: 45, horizon: 5)
        configuration.componentClasses.append(ComponentClass(
            name: "storage_switch", timeToFailure: FleetFixtures.never,
            modes: [FailureMode(name: "down", share: 1, fault: .hard, blastRadius: .none, detection: .deterministic(0.1), remediation: [])],
            repairTime: .deterministic(2), repairedBy: .provider, part: nil))
        let switchClass = configuration.componentClasses.count - 1
        configuration.siteComponents = [Placement(componentClass: switchClass, level: .site, count: 1)]
        configuration.network?.linkFailures = [switchClass: .init(link: .storage)]
        let topology = FleetTopology(configuration)
        var model = FleetSimulation(topology: topology, masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        model.start(calendar: &calendar)
        let component = ComponentID(componentClass: switchClass, instance: 0)
        calendar.schedule(.failures(.failure(component, generation: model.failures.generation(of: component))), at: 1 + 18 * Self.second)
        calendar.run(&model, until: 5)
        let first = try #require(model.transfers.checkpointHours.first)
        #expect(abs(first - (36 * Self.second + 2.1)) < 1e-9, "\(first * 3600) s")
        let storage = NetworkConfiguration.link(site: 0, kind: .storage)
        #expect(model.transfers.capacityLosses[storage] == 1)
        #expect(abs(model.transfers.carriedGigabits[storage] - Double(model.transfers.checkpointHours.count) * 45 * 8) < 1e-6,
                "every checkpoint carried exactly once")
        #expect(model.transfers.capacityGbps[storage] == 10, "the link is whole again")
    }
}
