import SimulationCore

extension RepairPoolModel {
    /// What every replication reports, in order. The names are the column names of the CSVs and
    /// the keys of `summary.json`.
    public static let metrics: [Metric] = MetricDirections.applied(to: [
        Metric(name: "availability", unit: "fraction",
               description: "Machine-hours up / machine-hours installed after warm-up."),
        Metric(name: "mean_machines_down", unit: "machines",
               description: "Time-average number of failed machines (waiting or in repair)."),
        Metric(name: "mean_repair_queue_length", unit: "machines",
               description: "Time-average number of failed machines waiting for a technician."),
        Metric(name: "mean_wait_for_technician_hours", unit: "h",
               description: "Mean time from failure to the start of hands-on repair."),
        Metric(name: "mean_time_to_restore_hours", unit: "h",
               description: "Mean time from failure to the machine being up again."),
        Metric(name: "technician_utilisation", unit: "fraction",
               description: "Time-average share of technicians busy repairing."),
        Metric(name: "failures", unit: "count",
               description: "Failures after warm-up."),
    ])

    func metricValues(at end: SimTime) -> [Double?] {
        let machines = Double(configuration.machines)
        let down = machinesDown.average(until: end)
        let busy = techniciansBusy.average(until: end)
        return [
            machines > 0 ? 1 - down / machines : nil,
            down,
            queueLength.average(until: end),
            waitForTechnician.meanIfAny,
            timeToRestore.meanIfAny,
            configuration.technicians > 0 ? busy / Double(configuration.technicians) : nil,
            Double(failuresCounted),
        ]
    }
}
