/// A table a replication produces besides its metrics: a capacity time series, incidents by
/// component, per-site figures. Cells are already formatted (numbers in Swift's shortest
/// round-trip form), so files are byte-stable. Reports write one CSV per table name, with a
/// leading `replication` column, rows in replication order.
public struct ResultTable: Hashable, Sendable {
    public let name: String
    public let columns: [String]
    public private(set) var rows: [[String]] = []

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "table \(name): \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// A number as a cell (empty for `nil`).
    public static func cell(_ value: Double?) -> String {
        value.map { "\($0)" } ?? ""
    }
}
