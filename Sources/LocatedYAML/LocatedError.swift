import Foundation

/// A problem in an input file (a scenario, a runbook), located precisely enough to fix without
/// guessing: the file, the line and column, the field path (e.g. `repair_pool.repair_time`), the
/// value and what was expected. Rendered on one line, compiler style, so editors can jump to it.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    /// Dotted path of the field, empty for a problem with the file as a whole.
    public let field: String
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = Self.excerpt(message)
    }

    /// Longest message kept whole; longer ones keep their start and end (where "expected ..."
    /// stands), so that a megabyte-long value is never echoed back.
    public static let maximumMessageLength = 320

    /// `message` on one line (line breaks shown as `\n`), its middle left out past the maximum.
    public static func excerpt(_ message: String) -> String {
        let oneLine = message.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        guard oneLine.count > maximumMessageLength else { return oneLine }
        let head = oneLine.prefix(200), tail = oneLine.suffix(100)
        return "\(head) … (\(oneLine.count - 300) characters left out) … \(tail)"
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return field.isEmpty ? "\(location): \(message)" : "\(location): \(field): \(message)"
    }
}

extension LocatedError: Encodable {
    private enum CodingKeys: String, CodingKey { case file, line, column, field, message }

    /// As an object with every key (`null` where the location is unknown), for `--json` output.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(field, forKey: .field)
        try container.encode(message, forKey: .message)
    }
}
