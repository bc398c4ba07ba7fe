import SimulationCore

// Checkpoints written over the network: a transfer of the job's checkpoint size from its site
// to the site's storage, sharing the spine and storage links with every other transfer.
extension FleetSimulation {
    /// The checkpoint's size in gigabits, when the job's checkpoints go over the network.
    func checkpointGigabits(_ spec: TrainingJobSpec) -> Double? {
        guard configuration.network != nil, let size = spec.checkpointSizeGigabytes else { return nil }
        return size * 8
    }

    mutating func startCheckpointTransfer(_ index: Int, gigabits: Double, calendar: inout EventCalendar<Event>) {
        guard let first = workloads.jobs[index].nodes.first else { return }
        let site = siteOf(node: Int(first))
        let purpose = FlowNetwork.Purpose.checkpoint(JobID(index), generation: workloads.jobs[index].generation)
        workloads.jobs[index].checkpointFlow = startTransfer(path: NetworkConfiguration.checkpointPath(site: site),
                                                             gigabits: gigabits, purpose: purpose, calendar: &calendar)
    }

    /// The checkpoint's last byte has left: after the path's latency it is durable.
    mutating func checkpointTransferred(_ index: Int, generation: UInt32, calendar: inout EventCalendar<Event>) {
        guard workloads.jobs[index].generation == generation, workloads.jobs[index].checkpointFlow != nil else { return }
        workloads.jobs[index].checkpointFlow = nil
        let latency = workloads.jobs[index].nodes.first.map { pathLatencyHours(site: siteOf(node: Int($0))) } ?? 0
        switch workloads.jobSpecs[index].checkpointMode {
        case .blocking:
            if workloads.jobs[index].phase == .checkpointing { schedulePhaseEnd(index, after: latency, calendar: &calendar) }
        case .async:
            calendar.schedule(.workloads(.job(JobID(index), generation: generation, kind: .checkpointCommitted)), after: latency)
        }
    }

    /// The job stops (interrupted or done): a checkpoint still in transfer is abandoned.
    mutating func abandonCheckpointTransfer(_ index: Int, calendar: inout EventCalendar<Event>) {
        guard let flow = workloads.jobs[index].checkpointFlow else { return }
        workloads.jobs[index].checkpointFlow = nil
        abandonTransfer(flow, calendar: &calendar)
    }
}
