import SimulationCore

extension FleetSimulation {
    /// Job metrics, present when the scenario runs training jobs. GPU-hours are the job's hours
    /// times its GPUs; ETTR is useful (checkpointed) computation over elapsed time since the
    /// job first started, summed over jobs, until completion or the horizon.
    static func jobReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard configuration.hasJobs else { return [] }
        func reading(_ name: String, _ unit: String, _ description: String,
                     _ value: @escaping ([TrainingJobState], [TrainingJobSpec], SimTime) -> Double?) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: unit, description: description)) {
                value($0.jobs, $0.jobSpecs, $0.end)
            }
        }
        let installedGPUs = Double(configuration.installedGPUs)
        func gpuHours(_ hours: KeyPath<TrainingJobState, SimTime>) -> ([TrainingJobState], [TrainingJobSpec], SimTime) -> Double? {
            { jobs, specs, _ in zip(jobs, specs).reduce(0) { $0 + $1.0[keyPath: hours] * Double($1.1.gpus) } }
        }
        var readings = [
            reading("training_ettr", "fraction", "Effective training time ratio: checkpointed computation / elapsed time since start, all jobs.") { jobs, _, end in
                let elapsed = jobs.reduce(0.0) { $0 + ($1.elapsed(until: end) ?? 0) }
                return elapsed > 0 ? jobs.reduce(0) { $0 + $1.committed } / elapsed : nil
            },
            reading("training_goodput_gpu_hours", "GPU-h", "Checkpointed computation times GPUs, all jobs.") { jobs, specs, _ in
                zip(jobs, specs).reduce(0) { $0 + $1.0.committed * Double($1.1.gpus) }
            },
            reading("training_lost_work_gpu_hours", "GPU-h", "Computation lost to interruptions (since the last checkpoint).", gpuHours(\.lostWork)),
            reading("training_restart_gpu_hours", "GPU-h", "Time reloading checkpoints after interruptions.", gpuHours(\.restartTime)),
            reading("training_checkpoint_gpu_hours", "GPU-h", "Time writing blocking checkpoints.", gpuHours(\.checkpointTime)),
            reading("training_downtime_gpu_hours", "GPU-h", "Time detecting and rescheduling after interruptions.", gpuHours(\.downtime)),
            reading("training_waiting_gpu_hours", "GPU-h", "Time waiting for enough healthy nodes (at submission or after an interruption).", gpuHours(\.waitingTime)),
            reading("training_interruptions", "count", "Interruptions of training jobs, all causes.") { jobs, _, _ in
                Double(jobs.reduce(0) { $0 + $1.interruptions.reduce(0, +) })
            },
            reading("training_hardware_failures", "count",
                    "Failures of hardware training jobs held, whatever the job was doing (Llama 3's counting rule).") { jobs, _, _ in
                Double(jobs.reduce(0) { $0 + $1.hardwareFailures })
            },
            reading("training_jobs_submitted", "count", "Jobs submitted (listed, from a trace, or arrived).") { jobs, _, _ in
                Double(jobs.filter { $0.phase != .pending }.count)
            },
            reading("training_jobs_completed", "count", "Jobs that finished their work.") { jobs, _, _ in
                Double(jobs.filter { $0.completedAt != nil }.count)
            },
            reading("mean_queueing_delay_hours", "h", "Mean time from submission to first start, jobs that started.") { jobs, specs, _ in
                let delays = zip(jobs, specs).compactMap { job, spec in job.startedAt.map { $0 - spec.submitAt } }
                return delays.isEmpty ? nil : delays.reduce(0, +) / Double(delays.count)
            },
            reading("job_gpu_utilisation", "fraction", "GPU-hours held by jobs / GPU-hours installed.") { jobs, specs, end in
                zip(jobs, specs).reduce(0.0) { $0 + $1.0.heldTime(until: end) * Double($1.1.gpus) } / (installedGPUs * end)
            },
            reading("training_preemptions", "count", "Jobs preempted by higher-priority jobs.") { jobs, _, _ in
                Double(jobs.reduce(0) { $0 + $1.interruptions[configuration.componentClasses.count + 1] })
            },
            reading("mean_training_completion_hours", "h", "Mean time from submission to completion, completed jobs.") { jobs, specs, _ in
                let times = zip(jobs, specs).compactMap { job, spec in job.completedAt.map { $0 - spec.submitAt } }
                return times.isEmpty ? nil : times.reduce(0, +) / Double(times.count)
            },
        ]
        if configuration.hasPlannedMaintenance {
            readings.append(reading("training_planned_interruptions", "count",
                                    "Planned stops of running training jobs (maintenance windows; no work lost).") { jobs, _, _ in
                Double(jobs.reduce(0) { $0 + $1.plannedInterruptions })
            })
            readings.append(reading("training_planned_maintenance_gpu_hours", "GPU-h",
                                    "Downtime and restart after planned stops (also in the downtime and restart totals).",
                                    gpuHours(\.plannedMaintenanceTime)))
        }
        let causes = configuration.componentClasses.map(\.name) + extraCauses
        for (cause, name) in causes.enumerated() {
            readings.append(reading("training_interruptions_\(name)", "count", "Interruptions of training jobs caused by \(name).") { jobs, _, _ in
                Double(jobs.reduce(0) { $0 + $1.interruptions[cause] })
            })
        }
        for (cause, name) in causes.enumerated() {
            readings.append(reading("training_lost_gpu_hours_\(name)", "GPU-h",
                                    "GPU-hours lost to \(name): work rolled back, then rescheduling and reload.") { jobs, specs, _ in
                zip(jobs, specs).reduce(0) { $0 + $1.0.lostByCause[cause] * Double($1.1.gpus) }
            })
        }
        return readings
    }

    /// The columns of `jobs.csv`.
    public static let jobsTableColumns: [ResultTable.Column] = [
        .string("job"), .integer("gpus"), .string("state"), .number("ettr"), .number("useful_hours"), .number("elapsed_hours"), .integer("interruptions"), .number("lost_work_hours"),
        .number("restart_hours"), .number("checkpoint_hours"), .number("downtime_hours"), .number("waiting_hours"), .number("completion_hours"),
        .number("first_interruption_hours"), .string("tenant"), .integer("priority"), .number("submit_hours"), .number("queueing_delay_hours"),
    ]

    /// `jobs.csv`: one row per training job.
    func jobsTable(end: SimTime) -> ResultTable {
        var table = ResultTable(name: "jobs", columns: Self.jobsTableColumns)
        for (job, outcome) in zip(workloads.jobs, jobOutcomes(end: end)) {
            let spec = outcome.spec
            table.append([
                spec.name, "\(spec.gpus)", job.completedAt == nil ? (job.startedAt == nil ? "not_started" : "running") : "completed",
                ResultTable.cell(outcome.ettr), "\(job.committed)", ResultTable.cell(outcome.elapsedHours), "\(outcome.interruptions)",
                "\(job.lostWork)", "\(job.restartTime)", "\(job.checkpointTime)", "\(outcome.downtimeHours)", "\(outcome.waitingHours)",
                ResultTable.cell(job.completedAt.map { $0 - spec.submitAt }),
                ResultTable.cell(job.firstInterruptionAt.flatMap { at in job.startedAt.map { at - $0 } }),
                configuration.tenants[spec.tenant].name, "\(spec.priority)", "\(spec.submitAt)",
                ResultTable.cell(job.startedAt.map { $0 - spec.submitAt }),
            ])
        }
        return table
    }

    /// Each training job's outcome at `end`, as typed values (what `jobs.csv` prints).
    func jobOutcomes(end: SimTime) -> [JobOutcome] {
        zip(workloads.jobs, workloads.jobSpecs).map { job, spec in
            let elapsed = job.elapsed(until: end)
            return JobOutcome(spec: spec, ettr: elapsed.flatMap { $0 > 0 ? job.committed / $0 : nil }, elapsedHours: elapsed,
                              interruptions: job.interruptions.reduce(0, +), downtimeHours: job.downtime, waitingHours: job.waitingTime)
        }
    }

    /// Simulates one replication, as `replicate` does, and returns each training job's outcome:
    /// for studies of one job (a checkpoint sweep), without formatting and re-reading tables.
    public static func replicateJobOutcomes(_ topology: FleetTopology, masterSeed: UInt64, replication: Int) -> [JobOutcome] {
        var log: [String]? = nil
        let (model, calendar) = simulate(topology, masterSeed: masterSeed, replication: replication, recordingInto: &log)
        return model.jobOutcomes(end: calendar.now)
    }
}

/// One training job at the end of a replication (or at completion).
public struct JobOutcome: Sendable {
    public let spec: TrainingJobSpec
    /// Checkpointed computation over elapsed time; nil before the job started or with no time elapsed.
    public let ettr: Double?
    /// Hours since the job first started; nil if it never started.
    public let elapsedHours: Double?
    public let interruptions: Int
    public let downtimeHours: Double
    public let waitingHours: Double

    /// Hours the job ran (elapsed less down and waiting time).
    public var runningHours: Double { (elapsedHours ?? 0) - downtimeHours - waitingHours }
}

extension FleetSimulation {
    /// `tenants.csv`: one row per tenant.
    func tenantsTable(end: SimTime) -> ResultTable {
        var table = ResultTable(name: "tenants", columns: [
            .string("tenant"), .integer("quota_gpus"), .integer("jobs"), .integer("completed"), .number("ettr"), .number("goodput_gpu_hours"), .number("gpu_hours_held"),
            .number("mean_queueing_delay_hours"), .integer("preempted"),
        ])
        for (tenant, definition) in configuration.tenants.enumerated() {
            let mine = zip(workloads.jobs, workloads.jobSpecs).filter { $0.1.tenant == tenant && $0.0.phase != .pending }
            let elapsed = mine.reduce(0.0) { $0 + ($1.0.elapsed(until: end) ?? 0) }
            let delays = mine.compactMap { job, spec in job.startedAt.map { $0 - spec.submitAt } }
            table.append([
                definition.name, definition.quotaGPUs.map { "\($0)" } ?? "", "\(mine.count)",
                "\(mine.filter { $0.0.completedAt != nil }.count)",
                ResultTable.cell(elapsed > 0 ? mine.reduce(0) { $0 + $1.0.committed } / elapsed : nil),
                "\(mine.reduce(0) { $0 + $1.0.committed * Double($1.1.gpus) })",
                "\(mine.reduce(0) { $0 + $1.0.heldTime(until: end) * Double($1.1.gpus) })",
                ResultTable.cell(delays.isEmpty ? nil : delays.reduce(0, +) / Double(delays.count)),
                "\(mine.reduce(0) { $0 + $1.0.interruptions[configuration.componentClasses.count + 1] })",
            ])
        }
        return table
    }
}
