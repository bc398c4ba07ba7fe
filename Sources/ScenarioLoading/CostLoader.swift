import FleetModel
import LocatedYAML

/// Reads `fleet.costs:`, the prices of a fleet (see scenarios/README.md). Every figure has a
/// published default (`CostModel`) except each rack type's purchase and power, which must be
/// given.
struct CostLoader {
    let configuration: FleetConfiguration


    func costs(_ field: YAMLField) throws(ScenarioError) -> CostModel {
        let spec = try field.mapping(allowed: ScenarioFormat.costs.keys)
        let rackTypesField = try spec.required("rack_types", expected: "each rack type's {capex, depreciation, idle_kw, busy_kw}")
        var racks: [CostModel.RackCosts?] = Array(repeating: nil, count: configuration.rackTypes.count)
        for (name, entry) in try rackTypesField.namedEntries(expected: "rack types") {
            let index = try entry.resolve(name, among: configuration.rackTypes.map(\.name), kind: "rack type")
            let r = try entry.mapping(allowed: ScenarioFormat.rackCosts.keys)
            let idle = try money(r.required("idle_kw", expected: "the rack's draw when idle, kW"))
            let busyField = try r.required("busy_kw", expected: "the rack's draw when its GPUs are busy, kW")
            let busy = try money(busyField)
            guard busy >= idle else { throw busyField.error("busy_kw (\(busy)) is below idle_kw (\(idle))") }
            racks[index] = CostModel.RackCosts(
                capex: try money(r.required("capex", expected: "the rack's purchase price")),
                depreciationYears: try r.required("depreciation", expected: "the depreciation period, e.g. 5y").duration() / 8760,
                idleKilowatts: idle, busyKilowatts: busy)
        }
        if let missing = racks.firstIndex(where: { $0 == nil }) {
            throw rackTypesField.error("rack type '\(configuration.rackTypes[missing].name)' has no costs; every rack type needs {capex, depreciation, idle_kw, busy_kw}")
        }
        var model = CostModel(rackTypes: racks.map { $0! })
        model.currency = try spec.optional("currency")?.string() ?? model.currency
        if let f = spec.optional("on_prem") {
            let m = try f.mapping(allowed: ScenarioFormat.onPremCosts.keys)
            model.onPrem.buildCostPerMW = try m.optional("build_cost_per_mw").map(money) ?? model.onPrem.buildCostPerMW
            model.onPrem.buildAmortisationYears = try m.optional("build_amortisation").map { f throws(ScenarioError) in try f.duration() / 8760 }
                ?? model.onPrem.buildAmortisationYears
            model.onPrem.pue = try m.optional("pue").map(pue) ?? model.onPrem.pue
            model.onPrem.electricityPerKWh = try m.optional("electricity_per_kwh").map(money) ?? model.onPrem.electricityPerKWh
            model.onPrem.staffPerFTEYear = try m.optional("staff_per_fte_year").map(money) ?? model.onPrem.staffPerFTEYear
            model.onPrem.spacePerRackMonth = try m.optional("space_per_rack_month").map(money) ?? model.onPrem.spacePerRackMonth
        }
        if let f = spec.optional("colocation") {
            let m = try f.mapping(allowed: ScenarioFormat.colocationCosts.keys)
            model.colocation.pricePerKWMonth = try m.optional("price_per_kw_month").map(money) ?? model.colocation.pricePerKWMonth
            model.colocation.powerIncluded = try m.optional("power_included")?.boolean() ?? model.colocation.powerIncluded
            model.colocation.pue = try m.optional("pue").map(pue) ?? model.colocation.pue
            model.colocation.electricityPerKWh = try m.optional("electricity_per_kwh").map(money) ?? model.colocation.electricityPerKWh
            model.colocation.crossConnectsPerSiteMonth = try m.optional("cross_connects_per_site_month").map(money) ?? model.colocation.crossConnectsPerSiteMonth
            model.colocation.remoteHandsPerHour = try m.optional("remote_hands_per_hour").map(money) ?? model.colocation.remoteHandsPerHour
            model.colocation.contractTermHours = try m.optional("contract_term")?.duration() ?? 0
        }
        if let f = spec.optional("edge") {
            let m = try f.mapping(allowed: ScenarioFormat.edgeCosts.keys)
            model.edge.fixedPerSiteMonth = try m.optional("fixed_per_site_month").map(money) ?? model.edge.fixedPerSiteMonth
            model.edge.truckRoll = try m.optional("truck_roll").map(money) ?? model.edge.truckRoll
            model.edge.pue = try m.optional("pue").map(pue) ?? model.edge.pue
            model.edge.electricityPerKWh = try m.optional("electricity_per_kwh").map(money) ?? model.edge.electricityPerKWh
            model.edge.staffPerFTEYear = try m.optional("staff_per_fte_year").map(money) ?? model.edge.staffPerFTEYear
        }
        if let f = spec.optional("parts") {
            for (part, price) in try f.namedEntries(expected: "part prices by part name") { model.partPrices[part] = try money(price) }
        }
        model.sparesCarryingRatePerYear = try spec.optional("spares_carrying_rate_per_year")?
            .number(in: 0...10, expected: "a yearly share of the spares' value, e.g. 0.2") ?? model.sparesCarryingRatePerYear
        if let f = spec.optional("wan") {
            let m = try f.mapping(allowed: ScenarioFormat.wanCosts.keys)
            model.wanPricePerGbpsMonth = try m.optional("price_per_gbps_month").map(money) ?? 0
            model.wanGbpsPerSite = try m.optional("gbps_per_site").map(money) ?? 0
            if configuration.network != nil, let gbps = m.optional("gbps_per_site") {
                throw gbps.error("with a network block, each site pays for its own wan_gbps; remove gbps_per_site")
            }
        }
        model.downtimePerGPUHour = try spec.optional("downtime_per_gpu_hour").map(money) ?? 0
        if let f = spec.optional("sla_penalty_per_hour") {
            model.slaPenaltyPerHour = Array(repeating: 0, count: configuration.tenants.count)
            for (tenant, price) in try f.namedEntries(expected: "penalties per hour by tenant") {
                let index = try price.resolve(tenant, among: configuration.tenants.map(\.name), kind: "tenant")
                model.slaPenaltyPerHour[index] = try money(price)
            }
        }
        model.assumedUtilisation = try spec.optional("assumed_utilisation")?
            .number(in: 0...1, expected: "a share from 0 to 1") ?? model.assumedUtilisation
        return model
    }

    private func money(_ field: YAMLField) throws(ScenarioError) -> Double {
        try field.number(in: 0...1e15, expected: "a non-negative amount")
    }

    private func pue(_ field: YAMLField) throws(ScenarioError) -> Double {
        try field.number(in: 1...5, expected: "a PUE from 1 to 5")
    }
}
