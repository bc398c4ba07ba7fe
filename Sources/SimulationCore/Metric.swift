/// A quantity a model reports once per replication: its name (snake_case with the unit in it,
/// e.g. `mean_wait_hours`), its unit and what it means. Reports print these verbatim, so the
/// definitions are the documentation of the output columns.
public struct Metric: Hashable, Sendable {
    public let name: String
    public let unit: String
    public let description: String
    /// Which way is better: what a regression gate tests against, and what reports show.
    public var direction: Direction

    /// Which way a metric is better.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        case higherIsBetter = "higher_is_better"
        case lowerIsBetter = "lower_is_better"
        /// Neither way is better in itself (events counted, shares of a workload).
        case neither
    }

    public init(name: String, unit: String, description: String, direction: Direction = .neither) {
        self.name = name
        self.unit = unit
        self.description = description
        self.direction = direction
    }
}

/// What one replication produced: a value per metric (in the order of the model's metric list;
/// `nil` where the quantity is undefined, e.g. a mean wait when nobody waited), the number of
/// events it fired, and any tables (time series, breakdowns).
public struct ReplicationResult: Hashable, Sendable, Codable {
    public let index: Int
    public let values: [Double?]
    public let eventsFired: Int
    public let tables: [ResultTable]
    /// Every event fired, in order, when the run was recorded (`RecordingModel`); else nil.
    public var eventLog: [String]?

    public init(index: Int, values: [Double?], eventsFired: Int, tables: [ResultTable] = [], eventLog: [String]? = nil) {
        self.index = index
        self.values = values
        self.eventsFired = eventsFired
        self.tables = tables
        self.eventLog = eventLog
    }
}
