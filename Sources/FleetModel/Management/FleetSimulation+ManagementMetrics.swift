import SimulationCore
import Stochastics

extension FleetSimulation {
    /// Management-plane metrics, present when the scenario has a `management` block.
    static func managementReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard configuration.management != nil else { return [] }
        let gpuMonths = Double(configuration.installedGPUs) / 1000
        func reading(_ name: String, _ unit: String, _ description: String,
                     _ value: @escaping (ManagementState, FleetStatistics, SimTime) -> Double?) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: unit, description: description)) { input in
                input.management.flatMap { value($0, input.statistics, input.end) }
            }
        }
        func perThousandGPUMonths(_ count: Double, _ statistics: FleetStatistics, _ end: SimTime) -> Double? {
            let months = (end - statistics.start) / 730
            return months > 0 ? count / (gpuMonths * months) : nil
        }
        func mitigationQuantile(_ p: Double) -> MetricReading {
            MetricReading(metric: Metric(name: "p\(Int((p * 100).rounded()))_time_to_mitigate_hours", unit: "h",
                                         description: "\(Int((p * 100).rounded()))th percentile of time to mitigate.")) {
                $0.mitigationQuantiles.value(at: p)
            }
        }
        return [
            reading("mean_time_to_mitigate_hours", "h", "Mean time from fault to its node cordoned or the fault cleared, whichever first.") { m, _, _ in
                m.timeToMitigate.isEmpty ? nil : SampleStatistics(m.timeToMitigate).mean
            },
            mitigationQuantile(0.5), mitigationQuantile(0.9), mitigationQuantile(0.99),
            reading("alerts", "count", "Alerts raised to the management plane.") { m, _, _ in Double(m.signals) },
            reading("actions_issued", "count", "Actions the policy engine let through.") { m, _, _ in Double(m.actions) },
            reading("guard_rail_denials", "count", "Actions the guard rails refused.") { m, _, _ in
                Double(m.engine.log.filter { $0.denial != nil }.count)
            },
            reading("approvals_awaited", "count", "Actions the guard rails held for an operator's approval (approval_time each).") { m, _, _ in
                Double(m.approvalsAwaited)
            },
            reading("circuit_breaker_trips", "count", "Times the circuit breaker stopped automation.") { m, _, _ in Double(m.engine.breakerTrips) },
            reading("tickets_per_1000_gpu_months", "count", "Tickets and pages per 1,000 GPUs per month (730 h).") { m, s, end in
                perThousandGPUMonths(Double(m.tickets), s, end)
            },
            reading("human_touches_per_1000_gpu_months", "count", "Hands-on technician visits per 1,000 GPUs per month.") { _, s, end in
                perThousandGPUMonths(Double(s.technicianTouches), s, end)
            },
            reading("false_alarms", "count", "Spurious alerts raised about healthy nodes.") { m, _, _ in Double(m.falseAlarms) },
            reading("missed_alerts", "count", "Faults whose alert was lost (found later).") { m, _, _ in Double(m.missedAlerts) },
            reading("precursor_warnings", "count", "Degradations announced by a precursor alert before failing.") { m, _, _ in Double(m.precursors) },
            reading("failures_averted", "count", "Announced degradations repaired before they failed.") { m, _, _ in Double(m.failuresAverted) },
            reading("automation_errors", "count", "Automated fixes and drains aimed at nodes with no fault.") { m, _, _ in Double(m.automationErrors) },
        ]
    }
}
