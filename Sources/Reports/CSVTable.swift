import Foundation

/// A CSV table (RFC 4180): header plus rows, with cells quoted only when they need it.
/// Numbers are printed in Swift's shortest round-trip form, so files are byte-stable.
struct CSVTable {
    let header: [String]
    var rows: [[String]] = []

    init(header: [String]) { self.header = header }

    mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "CSV row has \(row.count) cells for \(header.count) columns")
        rows.append(row)
    }

    var text: String {
        ([header] + rows).map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
