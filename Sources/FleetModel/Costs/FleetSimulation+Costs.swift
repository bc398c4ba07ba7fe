import SimulationCore

extension FleetSimulation {
    /// The replication's costs, when the scenario has prices: fixed costs over the horizon,
    /// usage (repairs, parts, downtime) measured after warm-up and scaled to the horizon.
    func costBreakdown(end: SimTime) -> CostBreakdown? {
        guard let model = configuration.costs else { return nil }
        let installed = Double(topology.gpuCount)
        let measured = end - statistics.start
        let usable = statistics.usable.average(until: end)
        var tenantHours = Array(repeating: 0.0, count: configuration.tenants.count)
        for (job, spec) in zip(workloads.jobs, workloads.jobSpecs) { tenantHours[spec.tenant] += job.heldTime(until: end) * Double(spec.gpus) }
        let held = tenantHours.reduce(0, +)
        var violations = Array(repeating: 0.0, count: configuration.tenants.count)
        for (state, spec) in zip(workloads.services, configuration.inferenceServices) { violations[spec.tenant] += state.sloViolationHours }
        let goodput = zip(workloads.jobs, workloads.jobSpecs).reduce(0.0) { $0 + $1.0.committed * Double($1.1.gpus) }
        let usage = CostUsage(
            hours: end, measuredHours: measured, siteTouches: statistics.sites.map(\.touches), siteTechnicianHours: statistics.sites.map(\.technicianHours),
            partsConsumed: statistics.partsConsumed,
            utilisation: configuration.hasJobs ? held / (installed * end) : model.assumedUtilisation * usable / installed,
            downGPUHours: (installed - usable) * measured, tenantSLOViolationHours: violations,
            usefulGPUHours: configuration.hasJobs ? goodput : usable * end)
        return CostBreakdown(model, configuration: configuration, usage: usage, tenantGPUHours: tenantHours)
    }

    /// Cost metrics, present when the scenario has a `costs` block.
    static func costReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard let model = configuration.costs else { return [] }
        let currency = model.currency
        func reading(_ name: String, _ description: String, _ value: @escaping (CostBreakdown) -> Double?) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: currency, description: description)) { $0.costs.flatMap(value) }
        }
        var readings = [
            reading("tco_total", "Total cost of ownership over the horizon, all categories.") { $0.total },
            reading("cost_per_useful_gpu_hour", "Total cost / useful GPU-hours: training goodput, or usable GPU-hours without training jobs.") {
                $0.usefulGPUHours > 0 ? $0.total / $0.usefulGPUHours : nil
            },
        ]
        if configuration.tenants.count > 1 {
            for (index, tenant) in configuration.tenants.enumerated() {
                readings.append(reading("cost_tenant_\(tenant.name)", "Tenant \(tenant.name)'s share of the total (by GPU-hours held) and its own SLA penalties.") {
                    index < $0.byTenant.count ? $0.byTenant[index] : nil
                })
            }
        }
        for category in CostBreakdown.categories {
            readings.append(reading("cost_\(category)", "Cost of \(category.replacingOccurrences(of: "_", with: " ")) over the horizon.") {
                $0.byCategory[category]
            })
        }
        return readings
    }

    /// `costs.csv`: each category's cost, then each tenant's share.
    func costsTable(_ breakdown: CostBreakdown) -> ResultTable {
        var table = ResultTable(name: "costs", columns: [.string("item"), .string("kind"), .number("cost")])
        for category in CostBreakdown.categories { table.append([category, "category", "\(breakdown.byCategory[category] ?? 0)"]) }
        for (tenant, cost) in zip(configuration.tenants, breakdown.byTenant) { table.append([tenant.name, "tenant", "\(cost)"]) }
        return table
    }
}
