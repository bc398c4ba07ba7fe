import SimulationCore

/// Which way each metric of the models is better, declared by name: exact names first, then
/// families by prefix (`incidents_<class>`, `cost_<category>`). A metric missing here is a
/// test failure (every shipped scenario's metrics are checked), not a silent "neither".
public enum MetricDirections {
    typealias Direction = Metric.Direction

    static let exact: [String: Direction] = [
        // Capacity and service.
        "availability": .higherIsBetter, "mean_usable_gpus": .higherIsBetter, "mean_machines_down": .lowerIsBetter,
        "mean_repair_queue_length": .lowerIsBetter, "mean_technician_queue_length": .lowerIsBetter,
        "failures": .lowerIsBetter, "incidents": .lowerIsBetter, "correlated_failures": .lowerIsBetter,
        "trace_failures_while_down": .neither,
        // Repair.
        "technician_hours": .lowerIsBetter, "technician_touches": .lowerIsBetter, "technician_utilisation": .neither,
        "parts_replaced": .lowerIsBetter, "spares_stockouts": .lowerIsBetter, "remediation_attempts": .neither,
        "resolved_by_automation_share": .higherIsBetter, "resolved_before_user_impact_share": .higherIsBetter,
        // Management plane.
        "alerts": .neither, "actions_issued": .neither, "guard_rail_denials": .lowerIsBetter, "approvals_awaited": .lowerIsBetter,
        "circuit_breaker_trips": .lowerIsBetter, "tickets_per_1000_gpu_months": .lowerIsBetter,
        "human_touches_per_1000_gpu_months": .lowerIsBetter, "false_alarms": .lowerIsBetter, "missed_alerts": .lowerIsBetter,
        "precursor_warnings": .neither, "failures_averted": .higherIsBetter, "automation_errors": .lowerIsBetter,
        // Training and inference.
        "training_ettr": .higherIsBetter, "training_goodput_gpu_hours": .higherIsBetter, "training_jobs_completed": .higherIsBetter,
        "training_jobs_submitted": .neither, "training_hardware_failures": .lowerIsBetter, "training_planned_interruptions": .neither, "training_planned_maintenance_gpu_hours": .lowerIsBetter, "job_gpu_utilisation": .higherIsBetter, "mean_queueing_delay_hours": .lowerIsBetter,
        "mean_training_completion_hours": .lowerIsBetter, "training_preemptions": .lowerIsBetter,
        "inference_failovers": .neither,
        // Upgrades.
        "upgrade_campaign_hours": .lowerIsBetter, "upgrade_capacity_lost_gpu_hours": .lowerIsBetter,
        "upgrade_incidents_caused": .lowerIsBetter, "upgrade_nodes_upgraded": .neither, "upgrade_nodes_rolled_back": .neither,
        "upgrade_bad_versions": .neither, "upgrade_bad_versions_completed": .lowerIsBetter, "upgrade_rollbacks": .neither,
        "upgrade_gate_failures_good_version": .lowerIsBetter, "upgrade_holds": .neither,
        // Network.
        "checkpoint_transfers": .neither, "slowed_transfer_share": .lowerIsBetter, "max_link_utilisation": .neither,
        "weight_pulls": .neither, "image_pulls": .neither, "mean_alert_delivery_seconds": .lowerIsBetter,
        "max_alert_delivery_hours": .lowerIsBetter,
        // Costs.
        "tco_total": .lowerIsBetter, "cost_per_useful_gpu_hour": .lowerIsBetter,
    ]

    /// Families, by prefix; the first that matches decides.
    static let prefixes: [(String, Direction)] = [
        ("availability_", .higherIsBetter), ("incidents_", .lowerIsBetter), ("cost_", .lowerIsBetter),
        ("training_interruptions", .lowerIsBetter), ("training_lost_", .lowerIsBetter),
        ("training_restart_", .lowerIsBetter), ("training_checkpoint_", .lowerIsBetter), ("training_downtime_", .lowerIsBetter),
        ("training_waiting_", .lowerIsBetter), ("inference_slo_", .lowerIsBetter), ("inference_shortfall_", .lowerIsBetter),
        ("inference_replica_losses", .lowerIsBetter),
        // Times to detect, mitigate, repair, restore, wait and transfer, and their percentiles.
        ("mean_time_", .lowerIsBetter), ("mean_wait_", .lowerIsBetter), ("p50_", .lowerIsBetter), ("p90_", .lowerIsBetter),
        ("p99_", .lowerIsBetter), ("mean_checkpoint_transfer_", .lowerIsBetter), ("mean_weight_pull_", .lowerIsBetter),
        ("mean_image_pull_", .lowerIsBetter),
    ]

    /// The declared direction of metric `name`, or nil if none is declared.
    public static func declared(_ name: String) -> Metric.Direction? {
        exact[name] ?? prefixes.first { name.hasPrefix($0.0) }?.1
    }

    /// `metrics` with their declared directions.
    static func applied(to metrics: [Metric]) -> [Metric] {
        metrics.map { metric in
            var metric = metric
            metric.direction = declared(metric.name) ?? .neither
            return metric
        }
    }
}
