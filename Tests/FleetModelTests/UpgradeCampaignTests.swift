import CGSL
@testable import FleetModel
import FleetPolicy
import SimulationCore
import Stochastics
import Testing

/// Rolling upgrades: waves and limits by exact timings; a bad version's extra failures and the
/// health gate's false alarms against their exact values.
@Suite struct UpgradeCampaignTests {
    /// Two sites of 3 racks × 2 nodes × 4 GPUs (`FleetFixtures.smallFleet`), GPUs failing at
    /// `gpuMeanTimeToFailure` (never, by default), and one campaign over both sites.
    static func fleet(gpuMeanTimeToFailure: Double? = nil, horizon: Double = 1000,
                      _ adjust: (inout UpgradeCampaign) -> Void) -> FleetConfiguration {
        var configuration = FleetFixtures.smallFleet(racks: 3)
        if let mean = gpuMeanTimeToFailure { configuration.componentClasses[0].timeToFailure = .exponential(mean: mean) }
        configuration.horizon = horizon
        var campaign = UpgradeCampaign(name: "driver", kind: .driver, start: 0, sites: [0, 1], nodeUpgradeTime: .deterministic(1))
        adjust(&campaign)
        configuration.upgrades = [campaign]
        return configuration
    }

    /// Runs one replication to the horizon; `probe` sees the model after every event.
    static func run(_ configuration: FleetConfiguration, seed: UInt64 = 1, replication: Int = 0,
                    probe: (FleetSimulation) -> Void = { _ in }) -> FleetSimulation {
        var model = FleetSimulation(topology: FleetTopology(configuration), masterSeed: seed, replication: replication)
        var calendar = EventCalendar<FleetSimulation.Event>()
        model.start(calendar: &calendar)
        while let event = calendar.next(before: configuration.horizon) {
            model.handle(event, calendar: &calendar)
            probe(model)
        }
        return model
    }

    /// Canary of 1 node, then one site per wave, 2 nodes at a time, 1 h each, 10 h soak:
    /// 1 + 10, then ⌈5/2⌉ + 10, then ⌈6/2⌉ + 10 = 37 h; 12 nodes × 4 GPUs × 1 h lost.
    @Test func wavesRespectTheLimitAndSoak() {
        let configuration = Self.fleet { campaign in
            campaign.canaryNodes = 1
            campaign.maxUnavailable = 2
            campaign.soak = 10
        }
        var busiest = 0
        let model = Self.run(configuration) { model in busiest = max(busiest, model.upgrades[0].working.count) }
        let state = model.upgrades[0]
        #expect(state.waves.map(\.count) == [1, 5, 6])
        #expect(state.phase == .completed)
        #expect(state.finishedAt - state.startedAt == 37)
        #expect(busiest == 2)
        #expect(state.nodesUpgraded == 12 && state.newVersionNodes.count == 12)
        #expect(state.capacityLostGPUHours == 48)
        #expect(state.gateChecks == 3)
    }

    /// With a 40 GB image and a 1 Gb/s WAN per site, the two nodes upgraded at a time pull it
    /// together: 2 × 40 × 8 / 1 s = 640 s each before their 1 h upgrade. The canary pulls alone
    /// (320 s). 1 + 320 s + 10, then 3 × (1 h + 640 s) + 10 twice: 37 h plus 320 + 6 × 640 s.
    @Test func aWaveWaitsForItsImageOverTheWAN() {
        var configuration = Self.fleet { campaign in
            campaign.canaryNodes = 1
            campaign.maxUnavailable = 2
            campaign.soak = 10
            campaign.imageGigabytes = 40
        }
        configuration.network = NetworkConfiguration(sites: Array(repeating: .init(spineGbps: 1e4, storageGbps: 100, wanGbps: 1,
                                                                                    latencySeconds: 0), count: 2))
        let model = Self.run(configuration)
        let state = model.upgrades[0]
        #expect(state.phase == .completed && state.nodesUpgraded == 12)
        #expect(state.imagePullHours.count == 12)
        // Site 0's wave has 5 nodes: two pairs, then one alone (320 s); site 1's 6 nodes, three pairs.
        let pulls = state.imagePullHours.map { ($0 * 3600).rounded() }.sorted()
        #expect(pulls == [320, 320] + Array(repeating: 640, count: 10), "\(pulls)")
        let expected = 37 + Double(320 + 640 + 640 + 320 + 3 * 640) / 3600
        #expect(abs((state.finishedAt - state.startedAt) - expected) < 1e-9, "\(state.finishedAt - state.startedAt) h vs \(expected) h")
    }

    /// A 2-hour nightly window from 22:00, one node at a time: two nodes a night, so the six
    /// nodes of site 0 take three nights and finish at 72 h.
    @Test func nodeUpgradesStartOnlyInTheWindow() {
        var starts: Set<Double> = []
        let configuration = Self.fleet { campaign in
            campaign.sites = [0]
            campaign.soak = 0
            campaign.window = WeeklyWindow(start: 22, duration: 2)
        }
        let model = Self.run(configuration) { model in starts.formUnion(model.upgrades[0].working.values.map(\.since)) }
        #expect(starts.sorted() == [22, 23, 46, 47, 70, 71])
        #expect(model.upgrades[0].finishedAt == 72)
    }

    /// A bad version (multiplier 11 on GPUs failing every 10,000 h) adds 10 × 48 GPUs / 10,000 h
    /// of hazard once all nodes run it (from 1 h to 1,001 h): 48 extra failures expected per
    /// replication. Mean over 100 replications within 4.5 standard errors.
    @Test func badVersionFailuresMatchTheAddedHazard() {
        let configuration = Self.fleet(gpuMeanTimeToFailure: 10_000, horizon: 1001) { campaign in
            campaign.maxUnavailable = 12
            campaign.soak = 0
            campaign.gateSignificance = nil
            campaign.badVersion = BadVersion(probability: 1, failureRateMultiplier: 11, componentClasses: [0])
        }
        let caused = (0..<100).map { Double(Self.run(configuration, seed: 7, replication: $0).upgrades[0].incidentsCaused) }
        let statistics = SampleStatistics(caused)
        let expected = 48.0 * 10 / 10_000 * 1000
        #expect(abs(statistics.mean - expected) < 4.5 * statistics.standardError, "\(statistics.mean) vs \(expected)")
        let variance = statistics.standardDeviation * statistics.standardDeviation
        #expect(abs(variance / expected - 1) < 0.35, "Poisson: variance ≈ mean (\(variance))")
    }

    /// A good version with GPUs failing every 1,000 h: 12 nodes soaked 50 h expect μ = 2.4
    /// failures; at α = 0.05 the gate fails from 6 failures on, with probability P(X ≥ 6) =
    /// 0.0357. The share of 1,000 replications whose gate failed is within 4.5 SE of it.
    @Test func gateFalseAlarmsMatchTheTestsExactSize() {
        let configuration = Self.fleet(gpuMeanTimeToFailure: 1000, horizon: 60) { campaign in
            campaign.sitesPerWave = 2
            campaign.maxUnavailable = 12
            campaign.soak = 50
            campaign.gateSignificance = 0.05
            campaign.rollback = false
        }
        let mean = 12.0 * 4 / 1000 * 50
        let threshold = (1...).first { PoissonTest.upperTail(observed: $0, mean: mean) < 0.05 }!
        let size = PoissonTest.upperTail(observed: threshold, mean: mean)
        #expect(threshold == 6)
        let runs = 1000
        let failed = (0..<runs).filter { Self.run(configuration, seed: 11, replication: $0).upgrades[0].phase == .halted }.count
        let share = Double(failed) / Double(runs)
        let standardError = (size * (1 - size) / Double(runs)).squareRoot()
        #expect(abs(share - size) < 4.5 * standardError, "\(share) vs \(size)")
    }

    /// A version that makes GPUs fail within hours fails the canary's gate; rollback returns every
    /// upgraded node, halting leaves them.
    @Test func aBadVersionIsRolledBackOrHalted() {
        for rollback in [true, false] {
            let configuration = Self.fleet(gpuMeanTimeToFailure: 10_000) { campaign in
                campaign.canaryNodes = 2
                campaign.maxUnavailable = 2
                campaign.soak = 24
                campaign.rollback = rollback
                campaign.badVersion = BadVersion(probability: 1, failureRateMultiplier: 5000, componentClasses: [0])
            }
            let state = Self.run(configuration).upgrades[0]
            #expect(state.failedGateWave == 0)
            #expect(state.nodesUpgraded == 2)
            #expect(state.phase == (rollback ? .rolledBack : .halted))
            #expect(state.nodesRolledBack == (rollback ? 2 : 0))
            #expect(state.newVersionNodes.count == (rollback ? 0 : 2))
            #expect(state.incidentsCaused > 0)
        }
    }

    /// Alerts from upgraded nodes carry the campaign's name, so that a runbook's holdUpgrade
    /// pauses that campaign: with a hold on every alert, the campaign runs longer.
    @Test func aPolicyHoldPausesTheCampaign() throws {
        let runbooks = try RunbookFile.parse("""
            runbooks:
              - name: hold
                match: {signal: any, labels: {campaign: driver}}
                steps:
                  - {id: hold, action: holdUpgrade}
            """, file: "hold.yaml")
        func campaign(holding: Bool) -> UpgradeCampaignState {
            var configuration = Self.fleet(gpuMeanTimeToFailure: 10_000, horizon: 5000) { campaign in
                campaign.maxUnavailable = 1
                campaign.soak = 24
                campaign.gateSignificance = nil
                campaign.holdDuration = 100
                campaign.badVersion = BadVersion(probability: 1, failureRateMultiplier: 50, componentClasses: [0])
            }
            if holding { configuration.management = ManagementConfiguration(strategy: "hold", runbooks: runbooks) }
            return Self.run(configuration, seed: 3).upgrades[0]
        }
        let plain = campaign(holding: false), held = campaign(holding: true)
        #expect(plain.holds == 0 && held.holds > 0)
        #expect(plain.phase == .completed)
        #expect(held.finishedAt.isNaN || held.finishedAt > plain.finishedAt + 100)
    }
}
