import SimulationCore

/// The workloads' events.
public enum WorkloadEvent: Sendable {
    /// A training job's event (stale unless `generation` matches the job's).
    case job(JobID, generation: UInt32, kind: TrainingJobEvent)
    /// The next job of an arrival process.
    case jobArrival(process: Int32)
    /// An inference service follows its demand.
    case serviceTick(ServiceID)
    /// A lost inference replica's replacement is due.
    case serviceReplacement(ServiceID)
}

extension FleetSimulation {
    mutating func handle(_ event: WorkloadEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .job(let job, let generation, let kind):
            handleJobEvent(job.index, generation: generation, kind: kind, calendar: &calendar)
        case .jobArrival(let process):
            arrive(process: Int(process), calendar: &calendar)
        case .serviceTick(let service):
            serviceTick(service.index, calendar: &calendar)
        case .serviceReplacement(let service):
            replaceReplica(service.index, calendar: &calendar)
        }
    }
}
