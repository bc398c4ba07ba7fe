import SimulationCore
import Stochastics

extension FleetSimulation {
    /// Upgrade metrics, present when the scenario runs campaigns; summed over campaigns.
    static func upgradeReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard !configuration.upgrades.isEmpty else { return [] }
        func reading(_ name: String, _ unit: String, _ description: String,
                     _ value: @escaping ([UpgradeCampaignState]) -> Double?) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: unit, description: description)) { value($0.upgrades) }
        }
        func count(_ campaigns: [UpgradeCampaignState], _ value: (UpgradeCampaignState) -> Int) -> Double {
            Double(campaigns.reduce(0) { $0 + value($1) })
        }
        return [
            reading("upgrade_campaign_hours", "h", "Mean duration of the campaigns that finished (completed, rolled back or halted), from start to the last node.") { campaigns in
                let durations = campaigns.filter { !$0.finishedAt.isNaN }.map { $0.finishedAt - $0.startedAt }
                return durations.isEmpty ? nil : durations.reduce(0, +) / Double(durations.count)
            },
            reading("upgrade_capacity_lost_gpu_hours", "GPU-h", "GPU-hours of capacity out of service for upgrades and rollbacks (GPUs already down for a fault not counted).") {
                $0.reduce(0) { $0 + $1.capacityLostGPUHours }
            },
            reading("upgrade_incidents_caused", "count", "Failures caused by bad versions (the extra failures on upgraded nodes).") { count($0, \.incidentsCaused) },
            reading("upgrade_nodes_upgraded", "count", "Node upgrades done.") { count($0, \.nodesUpgraded) },
            reading("upgrade_nodes_rolled_back", "count", "Node rollbacks done.") { count($0, \.nodesRolledBack) },
            reading("upgrade_bad_versions", "count", "Campaigns whose version was bad in this replication.") { count($0) { $0.isBadVersion ? 1 : 0 } },
            reading("upgrade_bad_versions_completed", "count", "Bad versions that passed every gate and reached the whole rollout.") {
                count($0) { $0.isBadVersion && $0.phase == .completed ? 1 : 0 }
            },
            reading("upgrade_rollbacks", "count", "Campaigns whose health gate failed and that rolled back.") {
                count($0) { $0.phase == .rollingBack || $0.phase == .rolledBack ? 1 : 0 }
            },
            reading("upgrade_gate_failures_good_version", "count", "Health gates that failed a good version (chance failures).") {
                count($0) { !$0.isBadVersion && $0.failedGateWave >= 0 ? 1 : 0 }
            },
            reading("upgrade_holds", "count", "Pauses requested by policies (holdUpgrade).") { count($0, \.holds) },
        ]
    }

    /// `upgrades.csv`: one row per campaign.
    func upgradesTable() -> ResultTable {
        var table = ResultTable(name: "upgrades", columns: [
            .string("campaign"), .string("kind"), .boolean("bad_version"), .string("outcome"), .number("started_hours"), .number("duration_hours"), .integer("waves_passed"), .integer("waves"),
            .integer("nodes_upgraded"), .integer("nodes_rolled_back"), .number("capacity_lost_gpu_hours"), .integer("incidents_caused"), .integer("gate_checks"),
            .integer("failed_gate_wave"), .integer("holds"),
        ])
        for (state, campaign) in zip(upgrades, configuration.upgrades) {
            let duration = state.finishedAt.isNaN ? "" : "\(state.finishedAt - state.startedAt)"
            table.append([
                campaign.name, campaign.kind.rawValue, "\(state.isBadVersion)", state.phase.rawValue,
                state.startedAt.isNaN ? "" : "\(state.startedAt)", duration,
                "\(state.failedGateWave >= 0 ? state.failedGateWave : Swift.min(state.wave, state.waves.count))", "\(state.waves.count)",
                "\(state.nodesUpgraded)", "\(state.nodesRolledBack)", "\(state.capacityLostGPUHours)", "\(state.incidentsCaused)",
                "\(state.gateChecks)", state.failedGateWave >= 0 ? "\(state.failedGateWave)" : "", "\(state.holds)",
            ])
        }
        return table
    }
}
