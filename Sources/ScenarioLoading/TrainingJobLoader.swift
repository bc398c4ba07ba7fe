import CSV
import FleetModel
import Foundation
import LocatedYAML
import Stochastics
import Units

/// Reads the workload blocks of a fleet — `tenants`, `training_jobs`, `job_arrivals` and
/// `job_trace` — and checks jobs against the fleet they run on: whole nodes, not larger than the
/// fleet (or than one site unless they may cross sites), a positive checkpoint interval, and an
/// asynchronous write shorter than the interval.
struct TrainingJobLoader {
    let builder: DistributionBuilder
    let configuration: FleetConfiguration
    let tenants: [Tenant]

    init(builder: DistributionBuilder, configuration: FleetConfiguration, tenantsField: YAMLField?) throws(ScenarioError) {
        self.builder = builder
        self.configuration = configuration
        var tenants: [Tenant] = []
        if let tenantsField {
            for (name, field) in try tenantsField.namedEntries(expected: "tenants") {
                let spec = try field.mapping(allowed: ScenarioFormat.tenant.keys)
                tenants.append(Tenant(name: name, quotaGPUs: try spec.optional("quota_gpus")?.integer(atLeast: 0),
                                      priority: try spec.optional("priority")?.integer(atLeast: Int.min) ?? 0))
            }
        }
        self.tenants = tenants.isEmpty ? [Tenant(name: "default")] : tenants
    }

    var gpusPerNode: Int { configuration.rackTypes.first { $0.gpusPerNode > 0 }?.gpusPerNode ?? 1 }

    func checkRackTypes(_ field: YAMLField) throws(ScenarioError) {
        let perNode = Set(configuration.rackTypes.map(\.gpusPerNode).filter { $0 > 0 })
        guard perNode.count <= 1 else {
            throw field.error("training jobs need every rack type with GPUs to have the same gpus_per_node (found \(perNode.sorted()))")
        }
    }

    /// The settings shared by listed jobs, arrival templates and trace jobs.
    func settings(_ spec: YAMLMapping, name: String) throws(ScenarioError) -> TrainingJobSpec {
        let interval = try spec.required("checkpoint_interval", expected: "computation between checkpoints, e.g. 30min").duration()
        var write = try spec.optional("checkpoint_write")?.duration(allowZero: true) ?? 0
        let size = try spec.optional("checkpoint_size_gb").map { f throws(ScenarioError) in try checkpointSize(f, writeGiven: spec.optional("checkpoint_write") != nil) }
        if let size { write = nominalWrite(gigabytes: size) }
        let mode = try spec.value("checkpoint_mode", defaultFrom: ScenarioFormat.trainingJob)!.choice(CheckpointMode.self)
        if mode == .async && write >= interval, let writeField = spec.optional("checkpoint_write") ?? spec.optional("checkpoint_size_gb") {
            throw writeField.error("an asynchronous checkpoint write (\(write) h) must be shorter than the interval (\(interval) h)")
        }
        let tenant = try spec.optional("tenant")?.reference(to: tenants.map(\.name), kind: "tenant") ?? 0
        var job = TrainingJobSpec(
            name: name, gpus: 0, checkpointInterval: interval, checkpointWrite: write, checkpointMode: mode,
            rescheduleDelay: try spec.optional("reschedule_delay")?.distribution(builder) ?? .deterministic(0),
            restartOverhead: try spec.optional("restart_overhead")?.distribution(builder) ?? .deterministic(0),
            hotSpareNodes: try spec.value("hot_spare_nodes", defaultFrom: ScenarioFormat.trainingJob)!.integer(atLeast: 0),
            jobFailures: try spec.optional("job_failures")?.distribution(builder),
            allowCrossSite: try spec.value("allow_cross_site", defaultFrom: ScenarioFormat.trainingJob)!.boolean(),
            tenant: tenant,
            priority: try spec.optional("priority")?.integer(atLeast: Int.min) ?? tenants[tenant].priority,
            checkpointSizeGigabytes: size)
        job.plannedMaintenance = try spec.optional("planned_maintenance").map { field throws(ScenarioError) in try plannedMaintenance(field) }
        return job
    }

    /// `planned_maintenance`: `every` or `mean_time_between` (one of them), and `downtime`.
    func plannedMaintenance(_ field: YAMLField) throws(ScenarioError) -> PlannedMaintenance {
        let spec = try field.mapping(allowed: ScenarioFormat.plannedMaintenance.keys)
        let every = try spec.optional("every")?.duration(), mean = try spec.optional("mean_time_between")?.duration()
        let schedule: PlannedMaintenance.Schedule
        switch (every, mean) {
        case (let interval?, nil): schedule = .every(interval)
        case (nil, let mean?): schedule = .poisson(meanTimeBetween: mean)
        default:
            throw field.error("give every (a schedule, e.g. 14d) or mean_time_between (at random, e.g. 14d): exactly one")
        }
        let downtime = try spec.required("downtime", expected: "how long each stop lasts, e.g. 2h").distribution(builder)
        return PlannedMaintenance(schedule: schedule, downtime: downtime)
    }

    /// `checkpoint_size_gb`: a checkpoint written over the fleet's network (which must exist).
    func checkpointSize(_ field: YAMLField, writeGiven: Bool) throws(ScenarioError) -> Double {
        guard !writeGiven else {
            throw field.error("give checkpoint_size_gb or checkpoint_write, not both: with a size, the write time follows from the links")
        }
        return try NetworkLoader.transferSize(field, network: configuration.network, what: "a checkpoint")
    }

    /// The write time of a checkpoint of `gigabytes` alone on the network, at the slowest site
    /// with GPUs (what the scheduler plans with; the simulation measures the real one).
    func nominalWrite(gigabytes: Double) -> Double {
        guard let network = configuration.network else { return 0 }
        var slowest = 0.0
        for (index, site) in configuration.sites.enumerated()
        where site.racks.contains(where: { $0.count > 0 && configuration.rackTypes[$0.rackType].gpusPerNode > 0 }) {
            let links = network.sites[index]
            let seconds = gigabytes * 8 / min(links.spineGbps, links.storageGbps) + links.latencySeconds
            slowest = max(slowest, seconds / 3600)
        }
        return slowest
    }

    /// Why `gpus` GPUs cannot run on this fleet, if they cannot.
    func sizeProblem(_ gpus: Int, job: TrainingJobSpec) -> String? {
        guard gpus >= 1 else { return "a job needs at least one GPU" }
        guard gpus % gpusPerNode == 0 else { return "\(gpus) GPUs is not a whole number of nodes of \(gpusPerNode) GPUs" }
        let needed = gpus + job.hotSpareNodes * gpusPerNode
        let fleet = configuration.installedGPUs
        guard needed <= fleet else { return "job '\(job.name)' needs \(needed) GPUs (with hot spares) but the fleet has \(fleet)" }
        let largestSite = configuration.sites.map { $0.racks.reduce(0) { $0 + $1.count * configuration.rackTypes[$1.rackType].gpus } }.max() ?? 0
        guard job.allowCrossSite || needed <= largestSite else {
            return "job '\(job.name)' needs \(needed) GPUs but the largest site has \(largestSite); set allow_cross_site: true to span sites over WAN links"
        }
        return nil
    }

    func jobs(_ field: YAMLField) throws(ScenarioError) -> [TrainingJobSpec] {
        try checkRackTypes(field)
        var jobs: [TrainingJobSpec] = []
        for entry in try field.sequence(expected: "training jobs") {
            let spec = try entry.mapping(allowed: ScenarioFormat.trainingJob.keys)
            var job = try settings(spec, name: try spec.optional("name")?.string() ?? "job-\(jobs.count + 1)")
            let gpusField = try spec.required("gpus", expected: "the job's GPUs")
            job.gpus = try gpusField.integer(atLeast: 1)
            if let problem = sizeProblem(job.gpus, job: job) { throw gpusField.error(problem) }
            job.submitAt = try spec.optional("submit_at")?.duration(allowZero: true) ?? 0
            job.work = try spec.optional("work")?.duration()
            jobs.append(job)
        }
        return jobs
    }

    func arrivals(_ field: YAMLField) throws(ScenarioError) -> [JobArrivalProcess] {
        try checkRackTypes(field)
        var processes: [JobArrivalProcess] = []
        for entry in try field.sequence(expected: "job arrival processes") {
            let spec = try entry.mapping(allowed: ScenarioFormat.jobArrivals.keys)
            let name = try spec.optional("name")?.string() ?? "arrivals-\(processes.count + 1)"
            let template = try settings(spec, name: name)
            let gpusField = try spec.required("gpus", expected: "job sizes with weights, e.g. {8: 0.5, 64: 0.5}")
            var sizes: [Int] = [], weights: [Double] = []
            for (sizeText, weightField) in try gpusField.namedEntries(expected: "job sizes with weights") {
                guard let size = Int(sizeText) else { throw weightField.error("'\(sizeText)' is not a number of GPUs") }
                if let problem = sizeProblem(size, job: template) { throw weightField.error(problem) }
                sizes.append(size)
                weights.append(try weightField.number(in: 0...1e9, expected: "a non-negative weight"))
            }
            guard weights.reduce(0, +) > 0 else { throw gpusField.error("the weights sum to 0; expected a positive sum") }
            processes.append(JobArrivalProcess(
                name: name,
                meanInterarrival: try spec.required("mean_interarrival", expected: "the mean time between arrivals, e.g. 2h").duration(),
                gpuChoices: sizes, gpuWeights: weights,
                work: try spec.required("work", expected: "a distribution of the jobs' computation").distribution(builder),
                template: template, until: try spec.optional("until")?.duration()))
        }
        return processes
    }

    /// A job trace: CSV rows `submit_hours,gpus,duration_hours,priority` (and optionally
    /// `tenant`, `name`), each a job with the block's settings. docs/job-traces.md.
    func trace(_ field: YAMLField, baseDirectory: URL) throws(ScenarioError) -> [TrainingJobSpec] {
        try checkRackTypes(field)
        let spec = try field.mapping(allowed: ScenarioFormat.jobTrace.keys)
        let fileField = try spec.required("file", expected: "the job trace (CSV), relative to the scenario file")
        let file = try fileField.string()
        let path = file.hasPrefix("/") ? file : baseDirectory.appendingPathComponent(file).path
        let template = try settings(spec, name: "trace")
        let records: CSVRecords
        do { records = try CSVRecords.read(url: URL(fileURLWithPath: path), displayPath: file) } catch {
            throw fileField.error(error.message)
        }
        func column(_ name: String) throws(ScenarioError) -> Int {
            do { return try records.index(of: name, displayPath: file) } catch { throw fileField.error(error.message) }
        }
        let submit = try column("submit_hours"), gpus = try column("gpus"), duration = try column("duration_hours")
        let priority = try column("priority")
        let tenant = records.header.firstIndex(of: "tenant"), name = records.header.firstIndex(of: "name")
        var jobs: [TrainingJobSpec] = []
        for (line, cells) in records.rows {
            func bad(_ message: String) -> ScenarioError { fileField.error("\(file):\(line): \(message)") }
            guard cells.count >= records.header.count else { throw bad("has \(cells.count) cells; expected \(records.header.count)") }
            var job = template
            job.name = name.map { cells[$0] } ?? "trace-\(line - 1)"
            guard let at = Quantities.number(cells[submit]), at >= 0 else { throw bad("submit_hours '\(cells[submit])' is not a non-negative number") }
            guard let size = Int(cells[gpus].trimmingCharacters(in: .whitespaces)) else { throw bad("gpus '\(cells[gpus])' is not a whole number") }
            guard let work = Quantities.number(cells[duration]), work > 0 else { throw bad("duration_hours '\(cells[duration])' is not a positive number") }
            guard let level = Int(cells[priority].trimmingCharacters(in: .whitespaces)) else { throw bad("priority '\(cells[priority])' is not a whole number") }
            if let tenant {
                guard let index = tenants.firstIndex(where: { $0.name == cells[tenant] }) else {
                    throw bad("tenant '\(cells[tenant])' is not defined (tenants: \(tenants.map(\.name).joined(separator: ", ")))")
                }
                job.tenant = index
            }
            if let problem = sizeProblem(size, job: job) { throw bad(problem) }
            job.submitAt = at
            job.gpus = size
            job.work = work
            job.priority = level
            jobs.append(job)
        }
        return jobs
    }
}
