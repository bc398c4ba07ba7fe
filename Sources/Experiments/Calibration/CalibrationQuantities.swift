/// A failure as calibration sees it, from a real log or a simulated run: hours from the start of
/// the period compared, the node (a component's instance) and the time until it was back.
public struct ObservedFailure: Hashable, Sendable {
    public var time: Double
    public var node: Int?
    /// Hours from failure to back in service; `nil` where the log does not say (or a simulated
    /// failure was still open at the end).
    public var repairHours: Double?

    public init(time: Double, node: Int?, repairHours: Double?) {
        self.time = time
        self.node = node
        self.repairHours = repairHours
    }
}

/// The distributions calibration compares between a log and the simulation: what an operator
/// sees of a failure process, each computed the same way on both sides.
public enum CalibrationQuantity: String, CaseIterable, Sendable {
    /// Per node, failure to next failure (both within the period).
    case timeBetweenFailures = "time_between_failures_hours"
    /// Failure to back in service.
    case repairTime = "repair_time_hours"
    /// Failures in each whole week of the period.
    case incidentsPerWeek = "incidents_per_week"
    /// Failures open when a failure begins, itself included (failures of unknown repair time
    /// are left out of the count).
    case concurrentOutages = "concurrent_outages"

    /// The quantity's name for people, with its unit.
    public var title: String {
        switch self {
        case .timeBetweenFailures: "Time between failures of a node (h)"
        case .repairTime: "Repair time (h)"
        case .incidentsPerWeek: "Incidents per week"
        case .concurrentOutages: "Concurrent outages at a failure"
        }
    }

    /// The quantity's sample from `failures` (sorted by time) over a period of `span` hours.
    public func sample(_ failures: [ObservedFailure], span: Double) -> [Double] {
        switch self {
        case .timeBetweenFailures:
            var last: [Int: Double] = [:]
            var gaps: [Double] = []
            for failure in failures {
                guard let node = failure.node else { continue }
                if let previous = last[node], failure.time > previous { gaps.append(failure.time - previous) }
                last[node] = failure.time
            }
            return gaps
        case .repairTime:
            return failures.compactMap(\.repairHours)
        case .incidentsPerWeek:
            let weeks = Int((span / Self.week).rounded(.down))
            var counts = Array(repeating: 0.0, count: weeks)
            for failure in failures {
                let week = Int((failure.time / Self.week).rounded(.down))
                if week >= 0 && week < weeks { counts[week] += 1 }
            }
            return counts
        case .concurrentOutages:
            let known = failures.filter { $0.repairHours != nil }
            let starts = known.map(\.time).sorted()
            let ends = known.map { $0.time + $0.repairHours! }.sorted()
            // Open at t: begun at or before t, not yet back (an end at t has left).
            var counts: [Double] = []
            var begun = 0, ended = 0
            for start in starts {
                while begun < starts.count && starts[begun] <= start { begun += 1 }
                while ended < ends.count && ends[ended] <= start { ended += 1 }
                counts.append(Double(begun - ended))
            }
            return counts
        }
    }

    static let week = 168.0
}

extension ObservedFailure {
    /// The failures from `split` on, in hours after it.
    static func after(_ split: Double, in failures: [ObservedFailure]) -> [ObservedFailure] {
        failures.filter { $0.time >= split }.map { ObservedFailure(time: $0.time - split, node: $0.node, repairHours: $0.repairHours) }
    }

    /// Each component's lifetimes over a period of `span` hours, as the simulation draws them:
    /// every component of the class (`population`) new at the period's start and renewed when
    /// back in service (its `time_to_failure` clock restarts at repair). Observed: start to first
    /// failure, then back in service to next failure. Censored (known only to exceed): the last
    /// stretch to the period's end, and the whole period for a component that never failed.
    /// A failure without a repair time counts as back at once.
    public static func lifetimes(_ failures: [ObservedFailure], span: Double, population: Int)
        -> (observed: [Double], censored: [Double])
    {
        var back = Array(repeating: 0.0, count: population)
        var observed: [Double] = []
        for failure in failures {
            guard let node = failure.node, node < population else { continue }
            if failure.time > back[node] { observed.append(failure.time - back[node]) }
            back[node] = max(back[node], failure.time + (failure.repairHours ?? 0))
        }
        return (observed, back.filter { $0 < span }.map { span - $0 })
    }
}
