import SimulationCore

extension FleetSimulation {
    /// Inference metrics, present when the scenario runs services; summed over services, after
    /// warm-up.
    static func serviceReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard !configuration.inferenceServices.isEmpty else { return [] }
        func reading(_ name: String, _ unit: String, _ description: String,
                     _ value: @escaping ([InferenceServiceState]) -> Double) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: unit, description: description)) { value($0.services) }
        }
        return [
            reading("inference_slo_violation_minutes", "min", "Minutes a service had fewer serving replicas than its demand requires, summed over services.") {
                $0.reduce(0) { $0 + $1.sloViolationHours * 60 }
            },
            reading("inference_shortfall_replica_hours", "replica-h", "Replica-hours missing against the required count, summed over services.") {
                $0.reduce(0) { $0 + $1.shortfallReplicaHours }
            },
            reading("inference_failovers", "count", "Replicas started at other sites to stand in for replicas at sites cut off from the network.") {
                Double($0.reduce(0) { $0 + $1.failovers })
            },
            reading("inference_replica_losses", "count", "Replicas lost to failures of their nodes.") {
                Double($0.reduce(0) { $0 + $1.replicaLosses })
            },
        ]
    }

    /// `services.csv`: one row per inference service.
    func servicesTable() -> ResultTable {
        var table = ResultTable(name: "services", columns: [
            .string("service"), .string("tenant"), .number("slo_violation_minutes"), .number("shortfall_replica_hours"), .integer("failovers"), .integer("replica_losses"),
            .integer("replicas_at_end"),
        ])
        for (state, spec) in zip(workloads.services, configuration.inferenceServices) {
            table.append([spec.name, configuration.tenants[spec.tenant].name, "\(state.sloViolationHours * 60)",
                          "\(state.shortfallReplicaHours)", "\(state.failovers)", "\(state.replicaLosses)", "\(state.replicas.count)"])
        }
        return table
    }
}
