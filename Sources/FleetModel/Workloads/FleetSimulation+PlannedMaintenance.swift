import SimulationCore
import Stochastics

// Planned stops of training jobs: maintenance windows that take a job down on purpose. A
// checkpoint is taken just before, so no work rolls back; the downtime and the restart that
// follow are counted apart from unexpected interruptions.
extension FleetSimulation {
    /// Schedules job `index`'s next planned stop, counting from `time` (its submission, or the
    /// stop just due); nothing for a job without planned maintenance.
    mutating func scheduleMaintenance(_ index: Int, after time: SimTime, calendar: inout EventCalendar<Event>) {
        guard let plan = workloads.jobSpecs[index].plannedMaintenance else { return }
        let gap = switch plan.schedule {
        case .every(let interval): interval
        case .poisson(let mean): streams.maintenance.exponential(mean: mean)
        }
        calendar.schedule(.workloads(.job(JobID(index), generation: 0, kind: .plannedMaintenance)), at: time + gap)
    }

    /// A planned stop is due: the schedule goes on; a running job checkpoints where it is, goes
    /// down for the window, then restarts (through its usual rescheduling check).
    mutating func stopForMaintenance(_ index: Int, calendar: inout EventCalendar<Event>) {
        guard let plan = workloads.jobSpecs[index].plannedMaintenance, workloads.jobs[index].phase != .done else { return }
        let now = calendar.now
        scheduleMaintenance(index, after: now, calendar: &calendar)
        guard workloads.jobs[index].isRunning else { return }
        workloads.jobs[index].committed = Swift.max(workloads.jobs[index].committed, workloads.jobs[index].progress(at: now))
        workloads.jobs[index].progressAtSegmentStart = workloads.jobs[index].committed
        workloads.jobs[index].inFlightCheckpoint = nil
        abandonCheckpointTransfer(index, calendar: &calendar)
        workloads.jobs[index].generation &+= 1
        workloads.jobs[index].plannedInterruptions += 1
        enterPhase(.downtime, job: index, at: now)
        workloads.jobs[index].recoveringFrom = nil
        workloads.jobs[index].inPlannedMaintenance = true
        schedulePhaseEnd(index, after: plan.downtime.sample(using: streams.maintenance), calendar: &calendar)
    }
}
