import Foundation

/// A CSV table (RFC 4180): header plus rows, with cells quoted only when they need it.
/// Numbers are printed in Swift's shortest round-trip form, so files are byte-stable.
public struct CSVTable: Sendable {
    public let header: [String]
    public var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "CSV row has \(row.count) cells for \(header.count) columns")
        rows.append(row)
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The rows as JSON objects keyed by column; cells that read as numbers become numbers, empty
    /// cells `null`: the same table for tools that prefer JSON.
    public var json: Data {
        let objects: [[String: Any]] = rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(header, row).map { column, cell -> (String, Any) in
                if cell.isEmpty { return (column, NSNull()) }
                if let number = Double(cell), number.isFinite, cell.first != "+" { return (column, number) }
                return (column, cell)
            })
        }
        return (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
    }

    /// A table read back from CSV text (as `text` writes it).
    public init(parsing text: String) throws(CSVError) {
        let records = try CSVRecords(text: text, displayPath: "table")
        header = records.header
        rows = records.rows.map(\.cells)
    }

    /// The cells of `column`, or nil if there is no such column.
    public func column(_ name: String) -> [String]? {
        header.firstIndex(of: name).map { index in rows.map { index < $0.count ? $0[index] : "" } }
    }

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
