import FleetModel
import Stochastics

/// Reads `training_jobs:`, a list of jobs, and checks them against the fleet they run on: whole
/// nodes, not larger than the fleet (or than one site unless they may cross sites), a positive
/// checkpoint interval, and an asynchronous write shorter than the interval.
struct TrainingJobLoader {
    let builder: DistributionBuilder

    static let keys = [
        "name", "gpus", "submit_at", "work", "checkpoint_interval", "checkpoint_write", "checkpoint_mode",
        "reschedule_delay", "restart_overhead", "hot_spare_nodes", "job_failures", "allow_cross_site",
    ]

    func jobs(_ field: YAMLField, configuration: FleetConfiguration) throws(ScenarioError) -> [TrainingJobSpec] {
        let topology = FleetTopology(configuration)
        let perNode = Set(configuration.rackTypes.map(\.gpusPerNode).filter { $0 > 0 })
        guard perNode.count <= 1 else {
            throw field.error("training jobs need every rack type with GPUs to have the same gpus_per_node (found \(perNode.sorted()))")
        }
        let gpusPerNode = perNode.first ?? 1
        let largestSite = topology.siteInstalledGPUs.max() ?? 0
        var jobs: [TrainingJobSpec] = []
        for entry in try field.sequence(expected: "training jobs") {
            let spec = try entry.mapping(allowed: Self.keys)
            let name = try spec.optional("name")?.string() ?? "job-\(jobs.count + 1)"
            let gpusField = try spec.required("gpus", expected: "the job's GPUs")
            let gpus = try gpusField.integer(atLeast: 1)
            guard gpus % gpusPerNode == 0 else {
                throw gpusField.error("\(gpus) GPUs is not a whole number of nodes of \(gpusPerNode) GPUs")
            }
            let allowCrossSite = try spec.optional("allow_cross_site").map { f throws(ScenarioError) in try f.boolean() } ?? false
            let spares = try spec.optional("hot_spare_nodes")?.integer(atLeast: 0) ?? 0
            let needed = gpus + spares * gpusPerNode
            guard needed <= topology.gpuCount else {
                throw gpusField.error("job '\(name)' needs \(needed) GPUs (with hot spares) but the fleet has \(topology.gpuCount)")
            }
            guard allowCrossSite || needed <= largestSite else {
                throw gpusField.error("job '\(name)' needs \(needed) GPUs but the largest site has \(largestSite); set allow_cross_site: true to span sites over WAN links")
            }
            let intervalField = try spec.required("checkpoint_interval", expected: "computation between checkpoints, e.g. 30min")
            let interval = try intervalField.duration()
            let write = try spec.optional("checkpoint_write")?.duration(allowZero: true) ?? 0
            let mode = try spec.optional("checkpoint_mode")?.choice(CheckpointMode.self) ?? .blocking
            if mode == .async && write >= interval, let writeField = spec.optional("checkpoint_write") {
                throw writeField.error("an asynchronous checkpoint write (\(write) h) must be shorter than the interval (\(interval) h)")
            }
            jobs.append(TrainingJobSpec(
                name: name, gpus: gpus,
                submitAt: try spec.optional("submit_at")?.duration(allowZero: true) ?? 0,
                work: try spec.optional("work")?.duration(),
                checkpointInterval: interval, checkpointWrite: write, checkpointMode: mode,
                rescheduleDelay: try spec.optional("reschedule_delay")?.distribution(builder) ?? .deterministic(0),
                restartOverhead: try spec.optional("restart_overhead")?.distribution(builder) ?? .deterministic(0),
                hotSpareNodes: spares,
                jobFailures: try spec.optional("job_failures")?.distribution(builder),
                allowCrossSite: allowCrossSite))
        }
        return jobs
    }
}
