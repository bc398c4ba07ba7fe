import CSV
import Foundation
import SimulationCore

/// A results table as JSON, for tools that prefer it to CSV: an array of objects keyed by
/// column, one per row. Each value is typed by its column's declared type, never by how its
/// text looks (a site named "1e3" stays the string "1e3"): `string` → string, `integer` and
/// `number` → number, `boolean` → true or false; an empty cell, and a number JSON cannot hold
/// (inf, nan), → null.
enum TableJSON {
    static func render(_ table: CSVTable, types: [ResultTable.ColumnType]) -> Data {
        precondition(types.count == table.header.count, "\(types.count) types for \(table.header.count) columns")
        let objects: [[String: Any]] = table.rows.map { row in
            var object: [String: Any] = [:]
            for (index, cell) in row.enumerated() { object[table.header[index]] = value(cell, as: types[index]) }
            return object
        }
        return (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
    }

    /// The JSON value of one cell. A cell that does not read as its column's type is a bug in the
    /// table that made it; it is kept as a string rather than lost (a test checks none do).
    static func value(_ cell: String, as type: ResultTable.ColumnType) -> Any {
        if cell.isEmpty { return NSNull() }
        switch type {
        case .string:
            return cell
        case .integer:
            if let integer = Int(cell) { return integer }
            if let number = Double(cell), number.rounded() == number, abs(number) < 9e15 { return Int(number) }
            return cell
        case .number:
            guard let number = Double(cell) else { return cell }
            return number.isFinite ? number : NSNull()
        case .boolean:
            switch cell {
            case "true": return true
            case "false": return false
            default: return cell
            }
        }
    }
}
