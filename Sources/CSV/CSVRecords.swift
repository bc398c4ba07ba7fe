import Foundation

/// A CSV file (RFC 4180: quoted cells may hold commas and doubled quotes) read into a header and
/// rows, each row with its 1-based line number for error messages.
public struct CSVRecords: Sendable {
    public let header: [String]
    public let rows: [(line: Int, cells: [String])]

    public init(text: String, displayPath: String) throws(CSVError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw CSVError("CSV file '\(displayPath)' is empty") }
        header = Self.cells(first).map { $0.trimmingCharacters(in: .whitespaces) }
        rows = lines.enumerated().dropFirst().filter { !$0.element.isEmpty }.map { ($0.offset + 1, Self.cells($0.element)) }
    }

    public static func read(url: URL, displayPath: String) throws(CSVError) -> CSVRecords {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CSVError("cannot read CSV file '\(displayPath)': \(error.localizedDescription)")
        }
        return try CSVRecords(text: text, displayPath: displayPath)
    }

    /// The index of `column`, or an error listing the columns there are.
    public func index(of column: String, displayPath: String) throws(CSVError) -> Int {
        guard let index = header.firstIndex(of: column) else {
            throw CSVError("CSV file '\(displayPath)' has no column '\(column)' (columns: \(header.joined(separator: ", ")))")
        }
        return index
    }

    public static func cells(_ line: String) -> [String] {
        let characters = Array(line)
        var cells: [String] = []
        var current = ""
        var quoted = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character != "\"" {
                    current.append(character)
                } else if index + 1 < characters.count && characters[index + 1] == "\"" {
                    current.append("\"")  // a doubled quote inside quotes
                    index += 1
                } else {
                    quoted = false
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        cells.append(current)
        return cells
    }
}

/// A CSV file that cannot be read, or lacks what was asked of it.
public struct CSVError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
