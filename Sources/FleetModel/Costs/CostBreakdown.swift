import SimulationCore

/// What a replication measured that costs money, and the costs that follow. Kept apart from the
/// simulation so that the arithmetic can be checked by hand (the tests do, category by category).
public struct CostUsage: Hashable, Sendable {
    /// Hours the costs cover (the horizon).
    public var hours: Double
    /// Hours the usage counts below were measured over (after warm-up); they are scaled to `hours`.
    public var measuredHours: Double
    /// Per site: hands-on repairs and technician hours of work.
    public var siteTouches: [Int]
    public var siteTechnicianHours: [Double]
    /// Parts consumed, by part name.
    public var partsConsumed: [String: Int]
    /// Time-average share of installed GPUs in use (for energy), fleet-wide.
    public var utilisation: Double
    /// GPU-hours down (installed minus usable) over the measured period.
    public var downGPUHours: Double
    /// Per tenant: hours their services were below SLO.
    public var tenantSLOViolationHours: [Double]
    /// What the money bought: training goodput, or usable GPU-hours without training jobs.
    public var usefulGPUHours: Double

    public init(hours: Double, measuredHours: Double, siteTouches: [Int], siteTechnicianHours: [Double], partsConsumed: [String: Int],
                utilisation: Double, downGPUHours: Double, tenantSLOViolationHours: [Double], usefulGPUHours: Double) {
        self.hours = hours
        self.measuredHours = measuredHours
        self.siteTouches = siteTouches
        self.siteTechnicianHours = siteTechnicianHours
        self.partsConsumed = partsConsumed
        self.utilisation = utilisation
        self.downGPUHours = downGPUHours
        self.tenantSLOViolationHours = tenantSLOViolationHours
        self.usefulGPUHours = usefulGPUHours
    }
}

/// Costs by category over the horizon.
public struct CostBreakdown: Hashable, Sendable {
    public static let categories = ["hardware", "facility", "energy", "staff", "repairs", "spares", "wan", "downtime", "sla_penalties"]

    public var byCategory: [String: Double] = [:]
    /// Per tenant: the total shared by GPU-hours held, plus their own SLA penalties.
    public var byTenant: [Double] = []
    /// The GPU-hours the money bought (training goodput, or usable GPU-hours).
    public var usefulGPUHours: Double
    public var total: Double { Self.categories.reduce(0) { $0 + (byCategory[$1] ?? 0) } }

    /// The costs of `configuration`'s fleet for `usage`; `tenantGPUHours` splits the total.
    public init(_ model: CostModel, configuration: FleetConfiguration, usage: CostUsage, tenantGPUHours: [Double] = []) {
        usefulGPUHours = usage.usefulGPUHours
        let years = usage.hours / CostModel.hoursPerYear, months = usage.hours / CostModel.hoursPerMonth
        let scale = usage.measuredHours > 0 ? usage.hours / usage.measuredHours : 0
        var hardware = 0.0, facility = 0.0, energy = 0.0, staff = 0.0, repairs = 0.0, wan = 0.0, spares = 0.0
        for (siteIndex, site) in configuration.sites.enumerated() {
            var racks = 0, powerKW = 0.0, drawKW = 0.0
            for entry in site.racks {
                let type = configuration.rackTypes[entry.rackType], costs = model.rackTypes[entry.rackType]
                racks += entry.count
                powerKW += Double(entry.count) * type.powerKilowatts
                drawKW += Double(entry.count) * (costs.idleKilowatts + (costs.busyKilowatts - costs.idleKilowatts) * usage.utilisation)
                hardware += Double(entry.count) * costs.capex / costs.depreciationYears * years
            }
            let kWh = drawKW * usage.hours
            let touches = Double(usage.siteTouches[siteIndex]) * scale, workHours = usage.siteTechnicianHours[siteIndex] * scale
            let seats = Double(site.technicians.count) * (site.technicians.coverage == .allHours ? 168.0 / 40 : 1)
            switch site.kind {
            case .onPrem:
                facility += powerKW / 1000 * model.onPrem.buildCostPerMW / model.onPrem.buildAmortisationYears * years
                    + Double(racks) * model.onPrem.spacePerRackMonth * months
                energy += kWh * model.onPrem.pue * model.onPrem.electricityPerKWh
                staff += seats * model.onPrem.staffPerFTEYear * years
            case .colocation:
                let billedMonths = max(usage.hours, model.colocation.contractTermHours) / CostModel.hoursPerMonth
                facility += (powerKW * model.colocation.pricePerKWMonth + model.colocation.crossConnectsPerSiteMonth) * billedMonths
                if !model.colocation.powerIncluded { energy += kWh * model.colocation.pue * model.colocation.electricityPerKWh }
                repairs += workHours * model.colocation.remoteHandsPerHour
            case .edge:
                facility += model.edge.fixedPerSiteMonth * months
                energy += kWh * model.edge.pue * model.edge.electricityPerKWh
                staff += seats * model.edge.staffPerFTEYear * years
                repairs += touches * model.edge.truckRoll
            }
            for spare in site.spares {
                spares += Double(spare.initialStock) * (model.partPrices[spare.part] ?? 0) * model.sparesCarryingRatePerYear * years
            }
            // With a network, each site pays for the WAN uplink it has.
            let wanGbps = configuration.network?.sites[siteIndex].wanGbps ?? model.wanGbpsPerSite
            wan += wanGbps * model.wanPricePerGbpsMonth * months
        }
        spares += usage.partsConsumed.reduce(0) { $0 + Double($1.value) * (model.partPrices[$1.key] ?? 0) } * scale
        let penalties = usage.tenantSLOViolationHours.enumerated().map { tenant, hours in
            hours * (tenant < model.slaPenaltyPerHour.count ? model.slaPenaltyPerHour[tenant] : 0)
        }
        byCategory = [
            "hardware": hardware, "facility": facility, "energy": energy, "staff": staff, "repairs": repairs,
            "spares": spares, "wan": wan, "downtime": usage.downGPUHours * scale * model.downtimePerGPUHour,
            "sla_penalties": penalties.reduce(0, +),
        ]
        let held = tenantGPUHours.reduce(0, +)
        let shared = total - penalties.reduce(0, +)
        byTenant = tenantGPUHours.enumerated().map { tenant, hours in
            (held > 0 ? shared * hours / held : 0) + (tenant < penalties.count ? penalties[tenant] : 0)
        }
    }
}
