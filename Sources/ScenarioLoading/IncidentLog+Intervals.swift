extension IncidentLog {
    public enum Grouping: String, CaseIterable, Sendable {
        /// Gaps between successive failures of the same node: a per-component time to failure
        /// (the time before each node's first failure is censored and left out).
        case node
        /// Gaps between successive failures anywhere in the log: the system's failure process.
        case system
    }

    /// Positive gaps between successive failures, in hours, and how many zero gaps (failures
    /// logged at the same minute) were dropped, since no continuous family allows them. Per node,
    /// records without a node are left out.
    public static func timesBetweenFailures(_ records: [IncidentRecord], per grouping: Grouping)
        -> (gaps: [Double], zeroGapsDropped: Int)
    {
        var groups: [Int: [Double]] = [:]
        for record in records {
            switch grouping {
            case .node: if let node = record.node { groups[node, default: []].append(record.time) }
            case .system: groups[0, default: []].append(record.time)
            }
        }
        var gaps: [Double] = []
        var dropped = 0
        for key in groups.keys.sorted() {
            let times = groups[key]!.sorted()
            for (earlier, later) in zip(times, times.dropFirst()) {
                if later > earlier { gaps.append(later - earlier) } else { dropped += 1 }
            }
        }
        return (gaps, dropped)
    }
}
