import FleetPolicy
import Testing

@Suite struct PolicyEngineTests {
    static func engine(limits: GuardRailLimits = GuardRailLimits()) throws -> PolicyEngine<RunbookPolicy> {
        let file = try RunbookFile.parse(RunbookFileTests.valid, file: "r.yaml")
        return PolicyEngine(policy: RunbookPolicy(runbooks: file.runbooks), guardRails: limits)
    }

    static let offBus = Signal(type: .gpuFellOffBus, labels: ["node": "s0-r0-n0", "severity": "critical"], time: 1)

    @Test func stepsFollowOutcomesWithRetries() throws {
        var engine = try Self.engine()
        let fleet = FakeFleet()
        var requests = engine.handle(Self.offBus, state: fleet)
        #expect(requests.map(\.action) == [.cordon(node: "s0-r0-n0")] && requests[0].origin == "off-bus/cordon")
        requests = engine.report(.succeeded, of: requests[0].id, at: 1.1, state: fleet)
        #expect(requests.map(\.action) == [.resetGPU(node: "s0-r0-n0")] && requests[0].timeout == 10.0 / 60)
        requests = engine.report(.failed, of: requests[0].id, at: 1.3, state: fleet)
        #expect(requests.map(\.action) == [.reboot(node: "s0-r0-n0")])
        requests = engine.report(.timedOut, of: requests[0].id, at: 1.8, state: fleet)
        #expect(requests.map(\.action) == [.reboot(node: "s0-r0-n0")], "one retry")
        requests = engine.report(.failed, of: requests[0].id, at: 2.3, state: fleet)
        #expect(requests.map(\.action) == [.openTicket(team: "hardware", severity: "critical")])
        requests = engine.report(.succeeded, of: requests[0].id, at: 2.4, state: fleet)
        #expect(requests.isEmpty && engine.policy.activeRuns == 0)
        #expect(engine.log.count == 5 && engine.log.allSatisfy { $0.denial == nil })
    }

    @Test func repeatsAreAbsorbedAndUnmatchedSignalsIgnored() throws {
        var engine = try Self.engine()
        let fleet = FakeFleet()
        #expect(engine.handle(Self.offBus, state: fleet).count == 1)
        #expect(engine.handle(Self.offBus, state: fleet).isEmpty, "one run per runbook and node")
        var warning = Self.offBus
        warning.labels["severity"] = "warning"
        #expect(engine.handle(warning, state: fleet).isEmpty, "labels must match")
        #expect(engine.handle(Signal(type: .thermalThrottle, labels: ["node": "x"], time: 1), state: fleet).isEmpty)
    }

    @Test func aRefusedCordonEscalatesToPeople() throws {
        var engine = try Self.engine(limits: GuardRailLimits(maxCordonedPerRack: 1))
        var fleet = FakeFleet()
        fleet.cordoned = ["s0-r0-n5"]
        let requests = engine.handle(Self.offBus, state: fleet)
        #expect(requests.map(\.action) == [.openTicket(team: "oncall", severity: "critical")])
        #expect(engine.log.first?.denial == .rackCordonLimit && requests[0].origin == "off-bus/escalation")
    }

    @Test func theCircuitBreakerStopsAutomationAfterTooManyFailures() throws {
        var engine = try Self.engine(limits: GuardRailLimits(circuitBreaker: .init(failures: 3, window: 1, cooldown: 2)))
        let fleet = FakeFleet()
        for node in 0..<3 {
            var signal = Self.offBus
            signal.labels["node"] = "s0-r0-n\(node)"
            let cordon = engine.handle(signal, state: fleet)
            let reset = engine.report(.succeeded, of: cordon[0].id, at: 1, state: fleet)
            _ = engine.report(.failed, of: reset[0].id, at: 1.1, state: fleet)  // the reboot that follows waits
        }
        #expect(engine.breakerTrips == 1 && engine.breakerOpen(at: 1.2) && !engine.breakerOpen(at: 3.2))
        var next = Self.offBus
        next.labels["node"] = "s0-r1-n0"
        next.time = 1.5
        let requests = engine.handle(next, state: fleet)
        #expect(requests.map(\.action.kind) == [.openTicket], "automation refused, people called")
        #expect(engine.log.last { $0.denial != nil }?.denial == .circuitOpen)
    }

    /// A correlated storm — every node of a site reporting at once, in random order, with random
    /// outcomes — never gets more cordons than the guard rails allow, over 200 seeds; and the same
    /// signals and outcomes give the same decisions.
    @Test func guardRailsHoldUnderAStorm() throws {
        let limits = GuardRailLimits(maxCordonedPerRack: 2, maxCordonedPerSite: 5)
        for seed in 1...200 {
            var generator = SplitMix(seed: UInt64(seed))
            func run() throws -> [PolicyEngine<RunbookPolicy>.Decision] {
                var engine = try Self.engine(limits: limits)
                var fleet = FakeFleet()
                var generator = generator
                var nodes = (0..<4).flatMap { rack in (0..<8).map { FakeFleet.node(site: 0, rack: rack, node: $0) } }
                nodes.shuffle(using: &generator)
                var pending: [ActionRequest] = []
                var time = 0.0
                for node in nodes {
                    time += 0.01
                    pending += engine.handle(Signal(type: .gpuFellOffBus, labels: ["node": node, "severity": "critical"], time: time), state: fleet)
                    // Complete a random pending action now and then.
                    while !pending.isEmpty && generator.next() % 3 != 0 {
                        let request = pending.remove(at: Int(generator.next() % UInt64(pending.count)))
                        let outcome: ActionOutcome = [.succeeded, .failed, .timedOut][Int(generator.next() % 3)]
                        if outcome == .succeeded { fleet.apply(request.action) }
                        time += 0.01
                        pending += engine.report(outcome, of: request.id, at: time, state: fleet)
                        try check(fleet, limits)
                    }
                }
                return engine.log
            }
            let first = try run()
            #expect(first == (try run()), "seed \(seed): decisions are deterministic")
            #expect(first.contains { $0.denial != nil }, "the storm must meet the guard rails")
        }
    }

    func check(_ fleet: FakeFleet, _ limits: GuardRailLimits) throws {
        var perRack: [String: Int] = [:]
        for node in fleet.cordoned { perRack[fleet.location(ofNode: node)!.rack, default: 0] += 1 }
        try #require(perRack.values.allSatisfy { $0 <= limits.maxCordonedPerRack! }, "rack limit broken: \(perRack)")
        try #require(fleet.cordoned.count <= limits.maxCordonedPerSite!, "site limit broken: \(fleet.cordoned.count)")
    }
}

/// A small deterministic generator for shuffles in tests (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
