import FleetPolicy
import LocatedYAML

/// The scenario file format, field by field: the one source of truth. The loaders take the keys
/// they accept from here, `fleetsim validate` checks files against it (every structural problem
/// at once), and `fleetsim schema scenario` writes it as docs/scenario.schema.json for editors
/// (a test checks the committed file is what this writes). Meanings are in scenarios/README.md.
public enum ScenarioFormat {
    // Value shapes used throughout.
    static let duration = Schema.reference("duration")
    static let distribution = Schema.reference("distribution")
    static let signal = Schema.reference("signal")
    static let probability = Schema.number(minimum: 0, maximum: 1)
    static let count = Schema.integer(minimum: 0)
    static let positiveCount = Schema.integer(minimum: 1)
    static let nonNegative = Schema.number(minimum: 0)
    static let gigabytes = Schema.number(above: 0, maximum: 1e9)
    static let money = Schema.number(minimum: 0)
    static let pue = Schema.number(minimum: 1, maximum: 5)

    static let fault = Schema.enumeration(["transient", "software", "hard"]).defaulting("hard")
    static let blastRadius = Schema.enumeration(["none", "gpu", "node", "nvlink_domain", "rack", "site", "isolate_site"]).defaulting("node")
    static let siteKind = Schema.enumeration(["on_prem", "colocation", "edge"])
    static let byFault = Schema.object([("transient", probability), ("software", probability), ("hard", probability)])

    // MARK: Component classes

    static let precursor = Schema.object([("probability", probability), ("lead_time", distribution), ("signal", signal.defaulting("ECCCorrectableRising"))],
                                         required: ["probability", "lead_time"])
    static let modeKeys: [(String, Schema)] = [
        ("share", probability), ("fault", fault), ("blast_radius", blastRadius), ("detection", distribution),
        ("remediation", .array(.string)), ("signal", signal), ("signal_labels", .named(.string)), ("precursor", precursor),
    ]
    public static let failureMode = Schema.object(modeKeys, required: ["share"])
    public static let componentClass = Schema.object([
        ("time_to_failure", distribution), ("repair_time", distribution), ("repaired_by", Schema.enumeration(["technicians", "provider"]).defaulting("technicians")),
        ("part", .string), ("detection", distribution), ("diagnosis", distribution), ("remediation", .array(.string)),
        ("modes", .named(failureMode)),
        ("fault", fault), ("blast_radius", blastRadius), ("signal", signal), ("signal_labels", .named(.string)),
        ("precursor", precursor),
    ], required: ["time_to_failure", "repair_time"])

    // MARK: Racks and sites

    public static let placement = Schema.object([("per", .enumeration(["gpu", "node", "rack", "site"])), ("count", positiveCount.defaulting(1))])
    public static let rackType = Schema.object([
        ("nodes", positiveCount), ("gpus_per_node", count), ("nvlink_domain", Schema.enumeration(["node", "rack"]).defaulting("node")), ("power_kw", nonNegative.defaulting(0)),
        ("components", .named(placement)),
    ], required: ["nodes", "gpus_per_node"])

    public static let technicians = Schema.object([
        ("count", count.defaulting(1)), ("coverage", Schema.enumeration(["24x7", "business_hours"]).defaulting("24x7")), ("response", distribution), ("on_call_response", distribution),
    ])
    public static let spare = Schema.object([("stock", count), ("reorder_point", count.defaulting(0)), ("reorder_quantity", positiveCount), ("lead_time", distribution)],
                                            required: ["stock"])
    static let siteKeys: [(String, Schema)] = [
        ("name", .string), ("kind", siteKind), ("region", .string), ("racks", .named(count)), ("power_capacity_kw", nonNegative),
        ("technicians", technicians), ("spares", .named(spare)),
    ]
    /// A site template: a site's keys.
    public static let siteTemplate = Schema.object(siteKeys)
    /// What a site template's stamped copies may override: a site's keys but its name.
    public static let siteOverride = Schema.object(siteKeys.filter { $0.0 != "name" })
    /// The keys that stamp copies of a template rather than describe a site.
    static let stampKeys = ["template", "count", "overrides"]
    /// An entry of `sites`: a site, or copies of a template.
    public static let site = Schema.object(siteKeys + [("template", .string), ("count", positiveCount), ("overrides", .named(siteOverride))])

    public static let remediationStep = Schema.object([("duration", distribution), ("success", byFault)], required: ["duration"])
    public static let correlatedEvent = Schema.object([
        ("name", .string), ("mean_time_between", duration), ("component", .string), ("probability", probability), ("site_kinds", .array(siteKind)),
    ], required: ["name", "mean_time_between", "component", "probability"])
    public static let incidentCategory = Schema.object([("component", .string), ("mode", .string)], required: ["component"])
    public static let incidentTrace = Schema.object([
        ("file", .string), ("format", Schema.enumeration(["fleetsim", "lanl"]).defaulting("fleetsim")), ("system", count), ("start", .string),
        ("categories", .named(incidentCategory)), ("repair_time", Schema.enumeration(["trace", "model"]).defaulting("trace")),
    ], required: ["file", "categories"])
    /// A site-level component class's count (`site_components`).
    public static let siteComponent = Schema.object([("count", positiveCount.defaulting(1))])
    public static let tenant = Schema.object([("quota_gpus", count), ("priority", .integer)])

    // MARK: Workloads

    /// Settings every training job has, whether listed, arriving or read from a trace.
    static let jobSettings: [(String, Schema)] = [
        ("checkpoint_interval", duration), ("checkpoint_write", duration), ("checkpoint_mode", Schema.enumeration(["blocking", "async"]).defaulting("blocking")),
        ("reschedule_delay", distribution), ("restart_overhead", distribution), ("hot_spare_nodes", count.defaulting(0)), ("job_failures", distribution),
        ("allow_cross_site", Schema.boolean.defaulting(false)), ("tenant", .string), ("priority", .integer), ("checkpoint_size_gb", gigabytes),
        ("planned_maintenance", plannedMaintenance),
    ]
    /// A job's planned stops: `every` (a schedule) or `mean_time_between` (at random), each for `downtime`.
    public static let plannedMaintenance = Schema.object([("every", duration), ("mean_time_between", duration), ("downtime", distribution)],
                                                         required: ["downtime"])
        .described("Planned stops of the job (maintenance windows): a checkpoint just before, so no work is lost, then the downtime and a restart. Give every (a schedule from submission) or mean_time_between (a Poisson process).")
    public static let trainingJob = Schema.object(jobSettings + [("name", .string), ("gpus", positiveCount), ("submit_at", duration), ("work", duration)],
                                                  required: ["gpus", "checkpoint_interval"])
    public static let jobArrivals = Schema.object(jobSettings + [
        ("name", .string), ("mean_interarrival", duration), ("gpus", .named(nonNegative)), ("work", distribution), ("until", duration),
    ], required: ["mean_interarrival", "gpus", "checkpoint_interval"])
    public static let jobTrace = Schema.object(jobSettings + [("file", .string)], required: ["file", "checkpoint_interval"])

    public static let demandCurve = Schema.object([
        ("mean", nonNegative), ("amplitude", nonNegative), ("peak_hour", nonNegative), ("csv", .string), ("hour_column", .string),
        ("value_column", .string),
    ])
    public static let inferenceService = Schema.object([
        ("name", .string), ("tenant", .string), ("priority", .integer), ("gpus_per_replica", positiveCount),
        ("capacity_per_replica", nonNegative), ("demand", .anyOf([.number(minimum: 0), demandCurve])), ("min_replicas", count),
        ("reschedule_delay", distribution), ("failover", .boolean), ("scale_interval", duration), ("weights_gb", gigabytes),
    ], required: ["gpus_per_replica", "capacity_per_replica", "demand"])

    // MARK: Management, upgrades

    public static let managementAction = Schema.object([("duration", distribution), ("clears", byFault)])
    public static let falseAlarms = Schema.object([("mean_time_between_per_node", duration), ("signal", signal.defaulting("NodeNotReady"))],
                                                  required: ["mean_time_between_per_node"])
    public static let missedAlerts = Schema.object([("probability", probability), ("found_after", distribution)], required: ["probability"])
    public static let management = Schema.object([
        ("strategy", .string), ("runbooks", .string), ("actions", .named(managementAction, among: RunbookFormat.actionNames)),
        ("false_alarms", falseAlarms), ("missed_alerts", missedAlerts), ("approval_time", distribution),
    ], required: ["runbooks"])

    public static let maintenanceWindow = Schema.object([
        ("days", .array(.enumeration(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))), ("start", .pattern("^[0-9]{1,2}:[0-9]{2}$")),
        ("duration", duration),
    ], required: ["start", "duration"])
    public static let healthGate = Schema.object([("significance", .number(above: 0, maximum: 0.5))], required: ["significance"])
    public static let badVersion = Schema.object([
        ("probability", probability), ("failure_rate_multiplier", .number(minimum: 1)), ("components", .array(.string)),
    ], required: ["probability", "failure_rate_multiplier", "components"])
    public static let upgrade = Schema.object([
        ("name", .string), ("kind", .enumeration(["firmware", "driver", "kubernetes"])), ("start", duration), ("sites", .array(.string)),
        ("site_kinds", .array(siteKind)), ("sites_per_wave", positiveCount.defaulting(1)), ("canary_nodes", count.defaulting(0)), ("max_unavailable", positiveCount.defaulting(1)),
        ("node_upgrade_time", distribution), ("maintenance_window", maintenanceWindow), ("soak", duration),
        ("health_gate", .anyOf([.enumeration(["none"]), healthGate])), ("on_gate_failure", .enumeration(["rollback", "halt"])),
        ("bad_version", badVersion), ("hold_duration", duration), ("image_gb", gigabytes),
    ], required: ["name", "kind", "node_upgrade_time"])

    // MARK: Network, costs

    static let linkCapacityKeys: [(String, Schema)] = [
        ("spine_gbps", .number(above: 0, maximum: 1e6)), ("storage_gbps", .number(above: 0, maximum: 1e6)),
        ("wan_gbps", .number(above: 0, maximum: 1e6)), ("latency_ms", .number(minimum: 0, maximum: 60000)),
    ]
    public static let siteNetwork = Schema.object(linkCapacityKeys)
    static let link = Schema.enumeration(["spine", "storage", "wan"])
    public static let linkFailure = Schema.object([("link", link), ("capacity_loss", Schema.number(above: 0, maximum: 1).defaulting(1))], required: ["link"])
    public static let network = Schema.object(linkCapacityKeys + [
        ("sites", .named(siteNetwork)), ("link_failures", .named(.anyOf([link, linkFailure]))), ("management_site", .string),
        ("alert_kb", .number(minimum: 0.001, maximum: 1e6)),
    ], required: ["spine_gbps", "storage_gbps", "wan_gbps"])

    public static let onPremCosts = Schema.object([
        ("build_cost_per_mw", money), ("build_amortisation", duration), ("pue", pue), ("electricity_per_kwh", money),
        ("staff_per_fte_year", money), ("space_per_rack_month", money),
    ])
    public static let colocationCosts = Schema.object([
        ("price_per_kw_month", money), ("power_included", .boolean), ("pue", pue), ("electricity_per_kwh", money),
        ("cross_connects_per_site_month", money), ("remote_hands_per_hour", money), ("contract_term", duration),
    ])
    public static let edgeCosts = Schema.object([
        ("fixed_per_site_month", money), ("truck_roll", money), ("pue", pue), ("electricity_per_kwh", money), ("staff_per_fte_year", money),
    ])
    public static let rackCosts = Schema.object([("capex", money), ("depreciation", duration), ("idle_kw", money), ("busy_kw", money)],
                                                required: ["capex", "depreciation", "idle_kw", "busy_kw"])
    public static let wanCosts = Schema.object([("price_per_gbps_month", money), ("gbps_per_site", money)])
    public static let costs = Schema.object([
        ("currency", .string), ("on_prem", onPremCosts), ("colocation", colocationCosts), ("edge", edgeCosts),
        ("rack_types", .named(rackCosts)), ("parts", .named(money)), ("spares_carrying_rate_per_year", .number(minimum: 0, maximum: 10)),
        ("wan", wanCosts), ("downtime_per_gpu_hour", money), ("sla_penalty_per_hour", .named(money)), ("assumed_utilisation", probability),
    ], required: ["rack_types"])

    // MARK: The models

    public static let fleet = Schema.object([
        ("sample_interval", duration),
        ("remediation_steps", .named(remediationStep)),
        ("component_classes", .named(componentClass)),
        ("rack_types", .named(rackType)),
        ("site_components", .named(siteComponent)),
        ("site_templates", .named(siteTemplate)),
        ("sites", .array(site)),
        ("correlated_events", .array(correlatedEvent)),
        ("incident_trace", incidentTrace),
        ("tenants", .named(tenant)),
        ("training_jobs", .array(trainingJob)),
        ("job_arrivals", .array(jobArrivals)),
        ("job_trace", jobTrace),
        ("inference_services", .array(inferenceService)),
        ("management", management),
        ("upgrades", .array(upgrade)),
        ("costs", costs),
        ("network", network),
    ], required: ["component_classes", "rack_types", "sites"])

    public static let repairPool = Schema.object([
        ("machines", positiveCount), ("technicians", positiveCount), ("time_to_failure", distribution), ("repair_time", distribution),
    ], required: ["machines", "technicians", "time_to_failure", "repair_time"])

    /// The whole file.
    public static let schema = Schema.object([
        ("extends", Schema.string.described("A scenario file this one is laid over (relative path).")),
        ("name", .string), ("description", .string),
        ("seed", .integer(minimum: 0)), ("replications", positiveCount),
        ("horizon", duration), ("warmup", duration),
        ("repair_pool", repairPool),
        ("fleet", fleet),
    ], required: ["horizon"])
    .with("oneOf", .array([.object([("required", .array([.string("fleet")]))]), .object([("required", .array([.string("repair_pool")]))])]))
    .published(id: "scenario", title: "FleetSim scenario",
               description: "A FleetSim scenario file (scenarios/README.md). Durations carry a unit (30min, 8h, 5y); "
                   + "distributions are written like \"weibull(shape: 0.7, scale: 2000h)\".",
               definitions: [("duration", Schema.Shapes.duration), ("distribution", Schema.Shapes.distribution), ("signal", RunbookFormat.signal)])

    /// Reports every structural problem of a file against `schema`.
    public static let checker = SchemaChecker(schema)
}
