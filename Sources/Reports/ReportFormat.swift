import Foundation

/// How the report writes numbers and intervals for people: thousands separators, money with its
/// currency, and intervals kept inside what a quantity can be.
enum ReportFormat {
    /// `32,412,118`, `1,250.5`, `0.9988`, `3.2e-05`: grouped digits for large values, four
    /// significant digits for small ones.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let magnitude = abs(value)
        if magnitude > 0 && magnitude < 1e-3 { return String(format: "%.3g", value) }
        if magnitude >= 1000 {
            let rounded = (magnitude >= 1e5 ? magnitude.rounded() : (magnitude * 10).rounded() / 10)
            let whole = Int64(rounded.rounded(.down))
            var digits = String(whole)
            var grouped = ""
            while digits.count > 3 {
                grouped = "," + digits.suffix(3) + grouped
                digits = String(digits.dropLast(3))
            }
            grouped = digits + grouped
            let fraction = rounded - Double(whole)
            let text = fraction > 0 ? grouped + String(format: "%.1f", fraction).dropFirst() : grouped
            return (value < 0 ? "−" : "") + text
        }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: magnitude >= 100 ? "%.1f" : "%.4g", value)
    }

    /// A unit that is a currency code (`USD`, `EUR`): costs.
    static func isCurrency(_ unit: String) -> Bool {
        unit.count == 3 && unit.allSatisfy { $0.isUppercase && $0.isASCII }
    }

    /// `value` with its unit: `USD 32,412,118`, `4.2 h`, `0.9988`.
    static func quantity(_ value: Double, unit: String) -> String {
        if isCurrency(unit) { return "\(unit) \(number(value))" }
        return unit == "fraction" || unit == "count" || unit.isEmpty ? number(value) : "\(number(value)) \(unit)"
    }

    /// What a metric of `unit` can be: every FleetSim metric is a count, a duration, an amount of
    /// money or capacity, or a share, so none is negative and shares stay within 0…1.
    static func bounds(unit: String) -> ClosedRange<Double> {
        unit == "fraction" ? 0...1 : 0...Double.infinity
    }

    /// A t interval kept within `bounds`: the interval of the mean of a nonnegative quantity
    /// can reach below 0 when replications are few and skewed; the report then shows the bound
    /// and marks it (the CSVs and summary.json keep the t interval as computed).
    static func bounded(_ interval: ClosedRange<Double>, unit: String) -> (interval: ClosedRange<Double>, clamped: Bool) {
        let limits = bounds(unit: unit)
        let low = max(interval.lowerBound, limits.lowerBound), high = min(interval.upperBound, limits.upperBound)
        return (min(low, high)...max(low, high), low != interval.lowerBound || high != interval.upperBound)
    }
}
