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

    public mutating func append<Rows: Sequence>(contentsOf rows: Rows) where Rows.Element == [String] {
        for row in rows { append(row) }
    }

    /// The table as CSV text: one line per row, each ended by a newline. Built over UTF-8 bytes:
    /// results of long runs hold millions of cells.
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity((rows.count + 1) * (header.count * 8 + 1))
        func line(_ row: [String]) {
            for (index, cell) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.append(cell, to: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        line(header)
        rows.forEach(line)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A cell, in double quotes (a quote inside doubled) when it holds a comma, a quote or a line break.
    private static func append(_ cell: String, to bytes: inout [UInt8]) {
        let utf8 = cell.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
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

}
