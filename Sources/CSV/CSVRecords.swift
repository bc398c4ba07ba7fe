import Foundation

/// A CSV file read into a header and rows, each row with the 1-based line it starts on, for
/// error messages.
///
/// RFC 4180, and what spreadsheets export: CRLF or LF line ends (or a mix), a final line end or
/// none, a UTF-8 byte-order mark, quoted cells holding commas, line breaks and doubled quotes.
/// Refused with the line: a quote left open, a quote inside an unquoted cell's text, a row with
/// more cells than the header, a header naming a column twice. Empty lines are skipped.
public struct CSVRecords: Sendable {
    public let header: [String]
    public let rows: [(line: Int, cells: [String])]

    public init(text: String, displayPath: String) throws(CSVError) {
        var records = try Self.records(text, displayPath: displayPath)[...]
        guard let first = records.popFirst() else { throw CSVError("CSV file '\(displayPath)' is empty") }
        header = first.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: Set<String> = []
        for name in header where !name.isEmpty && !seen.insert(name).inserted {
            throw CSVError("CSV file '\(displayPath)', line \(first.line): the column '\(String(name.prefix(60)))' appears twice in the header")
        }
        for record in records where record.cells.count > header.count {
            throw CSVError("CSV file '\(displayPath)', line \(record.line): \(record.cells.count) cells but the header names \(header.count) columns")
        }
        rows = Array(records)
    }

    public static func read(url: URL, displayPath: String) throws(CSVError) -> CSVRecords {
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw CSVError("cannot read CSV file '\(displayPath)': no such file") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw CSVError("cannot read CSV file '\(displayPath)': not a regular file") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CSVError("cannot read CSV file '\(displayPath)': \(String(cString: strerror(errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CSVError("CSV file '\(displayPath)' is not UTF-8 text") }
        return try CSVRecords(text: text, displayPath: displayPath)
    }

    /// The index of `column`, or an error listing the columns there are.
    public func index(of column: String, displayPath: String) throws(CSVError) -> Int {
        guard let index = header.firstIndex(of: column) else {
            throw CSVError("CSV file '\(displayPath)' has no column '\(column)' (columns: \(header.joined(separator: ", ")))")
        }
        return index
    }

    /// Every non-empty record of `text` with the line it starts on. Works on Unicode scalars,
    /// not Characters: Swift reads "\r\n" as one Character, which a split on "\n" never finds.
    static func records(_ text: String, displayPath: String) throws(CSVError) -> [(line: Int, cells: [String])] {
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var records: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            cells.append(String(cell))
            cell = String.UnicodeScalarView()
            if !(cells.count == 1 && cells[0].isEmpty && !wasQuoted) { records.append((recordLine, cells)) }
            cells = []
            wasQuoted = false
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                switch scalar {
                case "\"":
                    let next = iterator.next()
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                case "\n":
                    line += 1
                    cell.append(scalar)
                default:
                    cell.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard cell.isEmpty && !wasQuoted else {
                    throw CSVError("CSV file '\(displayPath)', line \(line): a quote inside an unquoted cell; quote the whole cell and double the quote (\"\")")
                }
                quoted = true
                wasQuoted = true
            case ",":
                cells.append(String(cell))
                cell = String.UnicodeScalarView()
                wasQuoted = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted && scalar != " " && scalar != "\t" {
                    throw CSVError("CSV file '\(displayPath)', line \(line): text after a quoted cell's closing quote")
                }
                if !wasQuoted { cell.append(scalar) }
            }
        }
        if quoted { throw CSVError("CSV file '\(displayPath)', line \(recordLine): a quote opened here is never closed") }
        if !cell.isEmpty || !cells.isEmpty || wasQuoted { endRecord() }
        return records
    }
}

/// A CSV file that cannot be read, or lacks what was asked of it.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
