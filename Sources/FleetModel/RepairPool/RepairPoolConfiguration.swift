import SimulationCore
import Stochastics

/// The classic machine-repair system: `machines` identical machines fail independently while up,
/// and `technicians` repair them one at a time, first come, first served.
///
/// It is the smallest model that exercises the whole core (failure process, resource queue,
/// statistics, replications), and with exponential times it has an exact solution
/// (`MachineRepairQueue`) that the simulator is validated against.
public struct RepairPoolConfiguration: Hashable, Sendable {
    public var machines: Int
    public var technicians: Int
    /// Time from a machine coming up until it fails, in hours.
    public var timeToFailure: Distribution
    /// Hands-on repair time once a technician starts, in hours.
    public var repairTime: Distribution
    /// Length of the simulated run, hours.
    public var horizon: SimTime
    /// Statistics restart at the end of the warm-up, hours; 0 for none.
    public var warmup: SimTime

    public init(
        machines: Int, technicians: Int, timeToFailure: Distribution, repairTime: Distribution,
        horizon: SimTime, warmup: SimTime = 0
    ) {
        self.machines = machines
        self.technicians = technicians
        self.timeToFailure = timeToFailure
        self.repairTime = repairTime
        self.horizon = horizon
        self.warmup = warmup
    }
}
