import SimulationCore

/// What a fleet costs: prices per site kind (on-prem, colocation, edge), per rack type
/// (hardware and power), per part, and for WAN, downtime and SLA penalties. Defaults are the
/// published figures of docs/reference-data.md §6 (marked there P, S or E);
/// every one can be overridden in the scenario's `costs:` block. Money is in the scenario's
/// `currency` (USD by default).
public struct CostModel: Hashable, Sendable {
    public var currency = "USD"
    public var onPrem = OnPrem()
    public var colocation = Colocation()
    public var edge = Edge()
    /// Per rack type (by index): purchase, depreciation and power draw.
    public var rackTypes: [RackCosts]
    /// Purchase price of a spare part, by part name (missing: no cost).
    public var partPrices: [String: Double] = [:]
    /// Yearly cost of holding spares, as a share of their value.
    public var sparesCarryingRatePerYear = 0.2
    public var wanPricePerGbpsMonth = 0.0
    public var wanGbpsPerSite = 0.0
    /// What an hour of one GPU down costs the business (beyond the hardware's own cost).
    public var downtimePerGPUHour = 0.0
    /// Per tenant (by index): penalty per hour a service of theirs is below its SLO.
    public var slaPenaltyPerHour: [Double] = []
    /// Share of usable GPUs busy when the scenario runs no workloads (for energy).
    public var assumedUtilisation = 1.0

    public init(rackTypes: [RackCosts]) { self.rackTypes = rackTypes }

    public struct OnPrem: Hashable, Sendable {
        /// Build cost per MW of critical IT load: $11.7 M (Cushman & Wakefield 2025, P).
        public var buildCostPerMW = 11.7e6
        public var buildAmortisationYears = 15.0
        /// Liquid-cooled AI hall 1.1–1.2 (E); industry 1.56 (P).
        public var pue = 1.2
        /// US industrial ~8.2 ¢/kWh (E).
        public var electricityPerKWh = 0.082
        public var staffPerFTEYear = 150_000.0
        public var spacePerRackMonth = 0.0
        public init() {}
    }

    public struct Colocation: Hashable, Sendable {
        /// $184.06/kW/month, North America 250–500 kW, H2 2024 (CBRE, P).
        public var pricePerKWMonth = 184.06
        /// With power included, energy is in the kW price; otherwise it is metered.
        public var powerIncluded = true
        public var pue = 1.35
        public var electricityPerKWh = 0.09
        public var crossConnectsPerSiteMonth = 0.0
        /// Remote hands do the repairs at a colocation site, billed per hour of work.
        public var remoteHandsPerHour = 200.0
        /// The contract's minimum term, hours: a horizon shorter than it still pays the whole term.
        public var contractTermHours = 0.0
        public init() {}
    }

    public struct Edge: Hashable, Sendable {
        public var fixedPerSiteMonth = 2_000.0
        /// Each hands-on repair at an edge site is a truck roll.
        public var truckRoll = 1_500.0
        public var pue = 1.5
        public var electricityPerKWh = 0.12
        public var staffPerFTEYear = 120_000.0
        public init() {}
    }

    public struct RackCosts: Hashable, Sendable {
        public var capex: Double
        public var depreciationYears: Double
        public var idleKilowatts: Double
        public var busyKilowatts: Double
        public init(capex: Double, depreciationYears: Double, idleKilowatts: Double, busyKilowatts: Double) {
            self.capex = capex
            self.depreciationYears = depreciationYears
            self.idleKilowatts = idleKilowatts
            self.busyKilowatts = busyKilowatts
        }
    }

    /// Hours in a year and a month (365 d, and a twelfth of it).
    static let hoursPerYear = 8760.0, hoursPerMonth = 730.0
}
