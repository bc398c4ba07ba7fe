import FleetModel
import Foundation
import LocatedYAML

/// Reads `inference_services:`. Demand is a number (constant), a mapping
/// `{mean, amplitude, peak_hour}` (diurnal), or `{csv, hour_column, value_column}` (a step
/// function of hours since the start).
struct InferenceServiceLoader {
    let builder: DistributionBuilder
    let workloads: TrainingJobLoader


    func services(_ field: YAMLField) throws(ScenarioError) -> [InferenceServiceSpec] {
        try workloads.checkRackTypes(field)
        var services: [InferenceServiceSpec] = []
        for entry in try field.sequence(expected: "inference services") {
            let spec = try entry.mapping(allowed: ScenarioFormat.inferenceService.keys)
            let name = try spec.optional("name")?.string() ?? "service-\(services.count + 1)"
            let tenants = workloads.tenants
            let tenant = try spec.optional("tenant")?.reference(to: tenants.map(\.name), kind: "tenant") ?? 0
            let gpusField = try spec.required("gpus_per_replica", expected: "GPUs per replica (whole nodes)")
            let gpus = try gpusField.integer(atLeast: 1)
            let probe = TrainingJobSpec(name: name, gpus: gpus, checkpointInterval: 1, checkpointWrite: 0)
            if let problem = workloads.sizeProblem(gpus, job: probe) { throw gpusField.error(problem) }
            services.append(InferenceServiceSpec(
                name: name, tenant: tenant,
                priority: try spec.optional("priority")?.integer(atLeast: Int.min) ?? Swift.max(10, tenants[tenant].priority),
                gpusPerReplica: gpus,
                capacityPerReplica: try spec.required("capacity_per_replica", expected: "the demand one replica serves")
                    .number(in: 1e-12...1e18, expected: "a positive number"),
                demand: try demand(try spec.required("demand", expected: "a number, {mean, amplitude, peak_hour} or {csv, hour_column, value_column}")),
                minReplicas: try spec.optional("min_replicas")?.integer(atLeast: 0) ?? 1,
                rescheduleDelay: try spec.optional("reschedule_delay")?.distribution(builder) ?? .deterministic(0),
                allowFailover: try spec.optional("failover").map { f throws(ScenarioError) in try f.boolean() } ?? true,
                scaleInterval: try spec.optional("scale_interval")?.duration() ?? 1,
                weightsGigabytes: try spec.optional("weights_gb").map { f throws(ScenarioError) in
                    try NetworkLoader.transferSize(f, network: workloads.configuration.network, what: "the model's weights")
                }))
        }
        return services
    }

    func demand(_ field: YAMLField) throws(ScenarioError) -> DemandCurve {
        if case .scalar = field.node {
            return .constant(try field.number(in: 0...1e18, expected: "a non-negative demand"))
        }
        let keys = ["mean", "amplitude", "peak_hour", "csv", "hour_column", "value_column"]
        let spec = try field.mapping(allowed: keys)
        if let csvField = spec.optional("csv") {
            let file = try csvField.string()
            let url = builder.resolve(file, in: csvField)
            let hourColumn = try spec.required("hour_column", expected: "the column of hours since the start").string()
            let valueColumn = try spec.required("value_column", expected: "the column of demand").string()
            let hours: [Double], values: [Double]
            do {
                hours = try CSVColumn.read(url: url, displayPath: file, column: hourColumn)
                values = try CSVColumn.read(url: url, displayPath: file, column: valueColumn)
            } catch { throw csvField.error(error.message) }
            guard zip(hours, hours.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw csvField.error("\(file): column '\(hourColumn)' must increase from row to row")
            }
            return .steps(times: hours, values: values)
        }
        return .diurnal(
            mean: try spec.required("mean", expected: "the mean demand").number(in: 0...1e18, expected: "a non-negative demand"),
            amplitude: try spec.optional("amplitude")?.number(in: 0...1, expected: "a relative swing from 0 to 1") ?? 0,
            peakHour: try spec.optional("peak_hour")?.number(in: 0...24, expected: "an hour of the day from 0 to 24") ?? 14)
    }
}
