/// A table a replication produces besides its metrics: a capacity time series, incidents by
/// component, per-site figures. Cells are already formatted (numbers in Swift's shortest
/// round-trip form), so files are byte-stable. Reports write one CSV per table name, with a
/// leading `replication` column, rows in replication order.
///
/// Each column declares its type, so that JSON exports type a value by its column rather than by
/// how its text looks: a site named "1e3" stays a string.
public struct ResultTable: Hashable, Sendable {
    public let name: String
    public let columns: [String]
    public let types: [ColumnType]
    public private(set) var rows: [[String]] = []

    /// What a column's cells hold. An empty cell is "no value" in every type.
    public enum ColumnType: String, Hashable, Sendable, Codable, CaseIterable {
        case string, integer, number, boolean
    }

    /// A column's name and type.
    public struct Column: Hashable, Sendable {
        public let name: String
        public let type: ColumnType
        public static func string(_ name: String) -> Column { Column(name: name, type: .string) }
        public static func integer(_ name: String) -> Column { Column(name: name, type: .integer) }
        public static func number(_ name: String) -> Column { Column(name: name, type: .number) }
        public static func boolean(_ name: String) -> Column { Column(name: name, type: .boolean) }
    }

    public init(name: String, columns: [Column]) {
        self.name = name
        self.columns = columns.map(\.name)
        self.types = columns.map(\.type)
    }

    /// The columns with their types.
    public var typedColumns: [Column] { zip(columns, types).map { Column(name: $0, type: $1) } }

    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "table \(name): \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// A number as a cell (empty for `nil`).
    public static func cell(_ value: Double?) -> String {
        value.map { "\($0)" } ?? ""
    }
}
