@testable import FleetModel
import FleetPolicy
import SimulationCore
import Testing

/// The management plane inside the simulator.
@Suite struct ManagedFleetTests {
    static let runbooks = """
        guard_rails:
          max_cordoned_per_rack: 2
          max_cordoned_per_site: 4
        runbooks:
          - name: any
            match: {signal: any}
            steps:
              - {id: cordon, action: cordon, on_success: reboot, on_failure: escalate}
              - {id: reboot, action: reboot, timeout: 30min, on_success: uncordon, on_failure: ticket}
              - {id: ticket, action: openTicket, on_success: uncordon}
              - {id: uncordon, action: uncordon}
        """

    /// A correlated storm fails up to every node of a site at once; over 30 seeds, after every
    /// event, no rack has more than 2 cordoned nodes and no site more than 4 — and every fault is
    /// still repaired (by people, when the guard rails refuse automation).
    @Test func guardRailsHoldInASimulatedStorm() throws {
        let file = try RunbookFile.parse(Self.runbooks, file: "storm.yaml")
        for seed in 1...30 {
            var configuration = FleetFixtures.smallFleet(racks: 3)
            configuration.rackTypes[0].nodes = 8  // more nodes per rack than the limit
            configuration.componentClasses[0].modes[0].blastRadius = .node
            configuration.componentClasses[0].modes[0].fault = .transient
            configuration.correlatedEvents = [CorrelatedEvent(name: "storm", meanTimeBetween: 50, componentClass: 0,
                                                              probability: 0.6, siteKinds: [])]
            configuration.horizon = 400
            configuration.management = ManagementConfiguration(strategy: "storm", runbooks: file)
            let topology = FleetTopology(configuration)
            var model = FleetSimulation(topology: topology, masterSeed: UInt64(seed), replication: 0)
            var calendar = EventCalendar<FleetSimulation.Event>()
            model.start(calendar: &calendar)
            var worstRack = 0
            while let event = calendar.next(before: configuration.horizon) {
                model.handle(event, calendar: &calendar)
                var perRack: [Int: Int] = [:], perSite: [Int: Int] = [:]
                for node in model.management?.cordoned ?? [] {
                    perRack[Int(topology.nodeRack[node]), default: 0] += 1
                    perSite[model.siteOf(node: node), default: 0] += 1
                }
                worstRack = max(worstRack, perRack.values.max() ?? 0)
                try #require(perRack.values.allSatisfy { $0 <= 2 } && perSite.values.allSatisfy { $0 <= 4 },
                             "seed \(seed) at \(calendar.now) h: cordons per rack \(perRack), per site \(perSite)")
            }
            #expect(worstRack == 2, "the storm reaches the limit")
            #expect(model.management?.engine.log.contains { $0.denial != nil } == true, "seed \(seed): the guard rails refused something")
            #expect(model.statistics.resolutionTimes.count > 20)
        }
    }

    /// Site b's only WAN router fails at 1 h (back 5 h after it is detected at 1.1 h); a GPU
    /// fails at site b at 2 h and at site a at 3 h. The management plane runs at site a: a's alert
    /// arrives at once (0.1 h detection), b's waits on the WAN until 6.1 h.
    @Test func alertsFromACutSiteWaitForTheWAN() throws {
        var configuration = FleetFixtures.smallFleet(racks: 1)
        configuration.componentClasses[2].modes[0].blastRadius = .none  // the router takes no GPUs
        configuration.componentClasses[2].repairTime = .deterministic(5)
        configuration.network = NetworkConfiguration(sites: Array(repeating: .init(spineGbps: 1e4, storageGbps: 100, wanGbps: 10,
                                                                                    latencySeconds: 0), count: 2),
                                                     linkFailures: [FleetFixtures.Class.wanLink.rawValue: .init(link: .wan)])
        configuration.management = ManagementConfiguration(strategy: "t", runbooks: try RunbookFile.parse(Self.runbooks, file: "t.yaml"))
        configuration.horizon = 20
        let topology = FleetTopology(configuration)
        var model = FleetSimulation(topology: topology, masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        let router = FleetFixtures.instance(.wanLink, site: 1, in: topology)
        let gpuB = (0..<topology.instanceCount[0]).first { topology.ancestor(of: topology.host(ofClass: 0, instance: $0), at: .gpu, level: .site) == 1 }!
        let routerID = ComponentID(componentClass: FleetFixtures.Class.wanLink.rawValue, instance: router)
        calendar.schedule(.failures(.failure(routerID, generation: model.failures.generation(of: routerID))), at: 1)
        calendar.run(&model, until: 2)
        model.fail(ComponentID(componentClass: 0, instance: gpuB), calendar: &calendar)
        calendar.run(&model, until: 3)
        model.fail(ComponentID(componentClass: 0, instance: 0), calendar: &calendar)
        calendar.run(&model, until: 20)
        let waits = model.statistics.alertDeliveryHours
        #expect(waits.count == 1, "only site b's alert crosses the WAN: \(waits)")
        #expect(abs(waits[0] - (6.1 - 2.1)) < 1e-6, "b's alert waited \(waits[0]) h")
        #expect(model.management?.signals == 2)
    }
}
