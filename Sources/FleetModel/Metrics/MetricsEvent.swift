import SimulationCore

/// The observer's events: capacity samples, and the end of the warm-up.
public enum MetricsEvent: Sendable {
    case sample
    case warmupEnded
}

extension FleetSimulation {
    mutating func handle(_ event: MetricsEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .sample:
            statistics.sampleCapacity(at: calendar.now, usable: ledger.totalUsable, busyTechnicians: repair.totalBusyTechnicians)
            if configuration.network != nil { transfers.sample(at: calendar.now) }
            calendar.schedule(.metrics(.sample), after: configuration.sampleInterval)
        case .warmupEnded:
            statistics.restart(at: calendar.now, ledger: ledger, crews: repair.busyTechnicians)
            transfers.advance(to: calendar.now)
            transfers.restartStatistics(at: calendar.now)
        }
    }

    mutating func startMetrics(calendar: inout EventCalendar<Event>) {
        if configuration.warmup > 0 { calendar.schedule(.metrics(.warmupEnded), at: configuration.warmup) }
        calendar.schedule(.metrics(.sample), at: 0)
    }
}
