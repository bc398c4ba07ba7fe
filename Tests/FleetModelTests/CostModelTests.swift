@testable import FleetModel
import SimulationCore
import Stochastics
import Testing

/// Cost arithmetic against a hand-computed example.
///
/// Three sites of 3 racks (10 kW each, 30 kW per site): `a` on-prem, `b` edge, `c` colocation,
/// each with 2 technician seats on 24/7 (8.4 FTE). A year (8,760 h = 12 months), racks drawing
/// 4 kW idle and 10 kW busy at 50% utilisation: 21 kW, 183,960 kWh per site.
///
/// | category | computation | cost |
/// | --- | --- | --- |
/// | hardware | 9 racks × $120,000 / 4 y | 270,000 |
/// | facility | on-prem 0.03 MW × $10 M / 10 y + 3 racks × $100 × 12 = 33,600; colo 30 kW × $200 × 12 + $500 × 12 = 78,000; edge $1,000 × 12 = 12,000 | 123,600 |
/// | energy | 183,960 kWh × (1.5 × $0.10 + 1.4 × $0.20 + 1.6 × $0.30) | 167,403.6 |
/// | staff | 8.4 FTE × ($100,000 on-prem + $80,000 edge); colocation has remote hands | 1,512,000 |
/// | repairs | edge 3 truck rolls × $2,000 + colo 8 h × $150 | 7,200 |
/// | spares | carrying 4 GPUs × $30,000 × 0.25 + 5 consumed × $30,000 | 180,000 |
/// | wan | 3 sites × 10 Gbps × $100 × 12 | 36,000 |
/// | downtime | 100 GPU-h × $5 | 500 |
/// | sla_penalties | 10 h × $50 | 500 |
/// | total | | 2,297,203.6 |
@Suite struct CostModelTests {
    static func fleet() -> FleetConfiguration {
        var configuration = FleetFixtures.smallFleet(racks: 3)
        var colo = configuration.sites[1]
        colo.name = "c"
        colo.kind = .colocation
        configuration.sites.append(colo)
        configuration.sites[0].spares = [SparePolicy(part: "gpu", initialStock: 4, reorderPoint: 1, reorderQuantity: 2, leadTime: .deterministic(24))]
        return configuration
    }

    static func model() -> CostModel {
        var model = CostModel(rackTypes: [CostModel.RackCosts(capex: 120_000, depreciationYears: 4, idleKilowatts: 4, busyKilowatts: 10)])
        model.onPrem = .init()
        model.onPrem.buildCostPerMW = 10e6
        model.onPrem.buildAmortisationYears = 10
        model.onPrem.pue = 1.5
        model.onPrem.electricityPerKWh = 0.1
        model.onPrem.staffPerFTEYear = 100_000
        model.onPrem.spacePerRackMonth = 100
        model.colocation.pricePerKWMonth = 200
        model.colocation.powerIncluded = false
        model.colocation.pue = 1.4
        model.colocation.electricityPerKWh = 0.2
        model.colocation.crossConnectsPerSiteMonth = 500
        model.colocation.remoteHandsPerHour = 150
        model.edge.fixedPerSiteMonth = 1_000
        model.edge.truckRoll = 2_000
        model.edge.pue = 1.6
        model.edge.electricityPerKWh = 0.3
        model.edge.staffPerFTEYear = 80_000
        model.partPrices = ["gpu": 30_000]
        model.sparesCarryingRatePerYear = 0.25
        model.wanPricePerGbpsMonth = 100
        model.wanGbpsPerSite = 10
        model.downtimePerGPUHour = 5
        model.slaPenaltyPerHour = [50]
        return model
    }

    static func usage(measuredHours: Double = 8760) -> CostUsage {
        CostUsage(hours: 8760, measuredHours: measuredHours, siteTouches: [2, 3, 4], siteTechnicianHours: [4, 6, 8],
                  partsConsumed: ["gpu": 5], utilisation: 0.5, downGPUHours: 100, tenantSLOViolationHours: [10], usefulGPUHours: 1000)
    }

    @Test func everyCategoryMatchesTheHandComputation() {
        let costs = CostBreakdown(Self.model(), configuration: Self.fleet(), usage: Self.usage(), tenantGPUHours: [100])
        let expected: [String: Double] = [
            "hardware": 270_000, "facility": 123_600, "energy": 167_403.6, "staff": 1_512_000, "repairs": 7_200,
            "spares": 180_000, "wan": 36_000, "downtime": 500, "sla_penalties": 500,
        ]
        for (category, value) in expected {
            #expect(abs((costs.byCategory[category] ?? -1) - value) < 1e-6, "\(category): \(costs.byCategory[category] ?? -1)")
        }
        #expect(abs(costs.total - 2_297_203.6) < 1e-6)
        #expect(costs.byTenant.count == 1 && abs(costs.byTenant[0] - costs.total) < 1e-6, "one tenant pays it all")
    }

    /// With a network, each site pays for its own uplink: (10 + 40 + 100) Gb/s × $100 × 12.
    @Test func withANetworkEachSitePaysForItsUplink() {
        var configuration = Self.fleet()
        configuration.network = NetworkConfiguration(sites: [10.0, 40, 100].map {
            .init(spineGbps: 1e4, storageGbps: 400, wanGbps: $0, latencySeconds: 0)
        })
        let costs = CostBreakdown(Self.model(), configuration: configuration, usage: Self.usage(), tenantGPUHours: [100])
        #expect(abs((costs.byCategory["wan"] ?? -1) - 180_000) < 1e-6, "\(costs.byCategory["wan"] ?? -1)")
    }

    /// Usage measured over half the horizon counts twice; fixed costs do not change.
    @Test func usageMeasuredAfterWarmupIsScaledToTheHorizon() {
        let half = CostBreakdown(Self.model(), configuration: Self.fleet(), usage: Self.usage(measuredHours: 4380))
        #expect(abs(half.byCategory["repairs"]! - 14_400) < 1e-6)
        #expect(abs(half.byCategory["spares"]! - (30_000 + 300_000)) < 1e-6)
        #expect(abs(half.byCategory["downtime"]! - 1_000) < 1e-6)
        #expect(abs(half.byCategory["hardware"]! - 270_000) < 1e-6)
    }

    /// In a simulated year the costs follow from what the run measured: with no failures and no
    /// workloads, repairs cost nothing and energy is the racks at full draw.
    @Test func aSimulatedRunReportsItsCosts() {
        var configuration = Self.fleet()
        configuration.horizon = 8760
        configuration.costs = Self.model()
        let topology = FleetTopology(configuration)
        let result = FleetSimulation.replicate(topology, masterSeed: 1, replication: 0)
        let names = FleetSimulation.metrics(for: configuration).map(\.name)
        func value(_ name: String) -> Double? { result.values[names.firstIndex(of: name)!] }
        #expect(value("cost_repairs") == 0 && value("cost_downtime") == 0)
        let kWh = 3 * 3 * 10.0 * 8760
        #expect(abs(value("cost_energy")! - kWh / 3 * (1.5 * 0.1 + 1.4 * 0.2 + 1.6 * 0.3)) < 1e-6)
        #expect(abs(value("cost_per_useful_gpu_hour")! - value("tco_total")! / (72 * 8760)) < 1e-9)
        #expect(result.tables.contains { $0.name == "costs" })
    }
}

extension CostModelTests {
    /// A one-year run on a three-year colocation contract pays three years of space.
    @Test func aColocationContractIsPaidInFull() {
        var model = Self.model()
        model.colocation.contractTermHours = 3 * 8760
        let costs = CostBreakdown(model, configuration: Self.fleet(), usage: Self.usage())
        #expect(abs(costs.byCategory["facility"]! - (33_600 + 3 * 78_000 + 12_000)) < 1e-6)
    }
}
