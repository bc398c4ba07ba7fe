import Foundation

/// Parses the quantities scenario and runbook files write with units: durations (`2000h`, `30 min`, `5y`)
/// into hours, and rates (`0.002/h`, `3/y`) into events per hour.
public enum Quantities {
    public static let unitList = TimeUnit.allCases.map(\.rawValue).joined(separator: ", ")

    /// A plain number (no unit).
    public static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// A duration in hours; the unit is required, because a bare `2000` is ambiguous.
    public static func duration(_ text: String) throws(QuantityError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let (numberPart, unitPart) = split(trimmed)
        guard let value = number(numberPart) else {
            throw QuantityError("'\(text)' is not a duration; expected a number and a unit, e.g. 2000h (units: \(unitList))")
        }
        guard !unitPart.isEmpty else {
            throw QuantityError("'\(text)' has no unit; expected a duration such as \(numberPart)h (units: \(unitList))")
        }
        guard let unit = TimeUnit(spelling: unitPart) else {
            throw QuantityError("'\(text)' has unknown unit '\(unitPart)'; expected one of \(unitList)")
        }
        return value * unit.hours
    }

    /// A rate in events per hour, written `number/unit`.
    public static func rate(_ text: String) throws(QuantityError) -> Double {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let value = number(String(parts[0])) else {
            throw QuantityError("'\(text)' is not a rate; expected events per time unit, e.g. 0.002/h (units: \(unitList))")
        }
        let unitText = parts[1].trimmingCharacters(in: .whitespaces)
        guard let unit = TimeUnit(spelling: unitText) else {
            throw QuantityError("'\(text)' has unknown unit '\(unitText)'; expected one of \(unitList)")
        }
        return value / unit.hours
    }

    /// Splits "12.5min" into ("12.5", "min"): the unit is the trailing run of letters.
    private static func split(_ text: String) -> (String, String) {
        let unitStart = text.lastIndex(where: { !$0.isLetter }).map { text.index(after: $0) }
            ?? text.startIndex
        return (String(text[..<unitStart]), String(text[unitStart...]))
    }
}

/// A quantity that did not parse; the caller adds file, line and field.
public struct QuantityError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
