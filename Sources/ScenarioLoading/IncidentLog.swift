import CSV
import Foundation
import Units

/// One failure from an incident log.
public struct IncidentRecord: Hashable, Sendable {
    /// 1-based line in the file.
    public let line: Int
    /// Hours since 1970-01-01 00:00 (timestamps are read as UTC; logs in local time keep their
    /// daylight-saving jumps).
    public let time: Double
    /// `nil` where the log does not say (some LANL records).
    public let node: Int?
    public let category: String
    /// Hours from failure to back in service, when the log says.
    public let repairHours: Double?
}

/// Reads incident logs: FleetSim's own CSV format, or the raw LANL failure data.
///
/// FleetSim format (docs/incident-logs.md): a header and the columns `time` (a timestamp
/// `YYYY-MM-DD HH:MM[:SS]`, or hours as a number), `node` (a whole number ≥ 0), `category`
/// (free text), and optionally `repair_hours`. Other columns are ignored.
///
/// LANL format: the columns of LA-UR-05-7318 (`System`, `nodenumz`, `Prob Started`, `Down Time`
/// in minutes, and the root-cause columns `Facilities` … `Software`, of which the non-empty one is
/// the category); `system` selects one system.
public enum IncidentLog {
    public enum Format: String, CaseIterable, Sendable {
        case fleetsim, lanl
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    static let lanlCategories = ["Facilities", "Hardware", "Human Error", "Network", "Undetermined", "Software"]

    public static func read(path: String, format: Format, system: Int? = nil) throws(ReadError) -> [IncidentRecord] {
        let records: CSVRecords
        do {
            records = try CSVRecords.read(url: URL(fileURLWithPath: path), displayPath: path)
        } catch { throw ReadError(description: error.message) }
        func column(_ name: String) throws(ReadError) -> Int {
            do { return try records.index(of: name, displayPath: path) } catch { throw ReadError(description: error.message) }
        }
        func fail(_ line: Int, _ message: String) -> ReadError { ReadError(description: "\(path):\(line): \(message)") }

        var incidents: [IncidentRecord] = []
        switch format {
        case .fleetsim:
            let time = try column("time"), node = try column("node"), category = try column("category")
            let repair = records.header.firstIndex(of: "repair_hours")
            for (line, cells) in records.rows {
                guard cells.count > max(time, node, category) else { throw fail(line, "has \(cells.count) cells; expected at least \(max(time, node, category) + 1)") }
                guard let hours = Quantities.number(cells[time]) ?? Timestamp.hours(cells[time]) else {
                    throw fail(line, "time '\(cells[time])' is not a timestamp (YYYY-MM-DD HH:MM) or a number of hours")
                }
                guard let nodeNumber = Int(cells[node].trimmingCharacters(in: .whitespaces)), nodeNumber >= 0 else {
                    throw fail(line, "node '\(cells[node])' is not a whole number ≥ 0")
                }
                var repairHours: Double?
                if let repair, repair < cells.count, !cells[repair].trimmingCharacters(in: .whitespaces).isEmpty {
                    guard let value = Quantities.number(cells[repair]), value >= 0 else {
                        throw fail(line, "repair_hours '\(cells[repair])' is not a non-negative number")
                    }
                    repairHours = value
                }
                incidents.append(IncidentRecord(line: line, time: hours, node: nodeNumber, category: cells[category], repairHours: repairHours))
            }
        case .lanl:
            let systemColumn = try column("System"), node = try column("nodenumz")
            let start = try column("Prob Started"), downtime = try column("Down Time")
            var categoryColumns: [(String, Int)] = []
            for name in lanlCategories { categoryColumns.append((name, try column(name))) }
            for (line, cells) in records.rows {
                guard cells.count >= records.header.count - 1 else { throw fail(line, "has \(cells.count) cells; expected \(records.header.count)") }
                if let system, Int(cells[systemColumn]) != system { continue }
                guard let hours = Timestamp.hours(cells[start]) else {
                    throw fail(line, "'Prob Started' is '\(cells[start])'; expected M/D/YYYY H:MM")
                }
                let nodeText = cells[node].trimmingCharacters(in: .whitespaces)
                let nodeNumber = Int(nodeText)
                guard nodeText.isEmpty || nodeNumber != nil else {
                    throw fail(line, "'nodenumz' is '\(cells[node])'; expected a whole number or nothing")
                }
                let category = categoryColumns.first { !cells[$0.1].trimmingCharacters(in: .whitespaces).isEmpty }?.0 ?? "none"
                let minutes = Quantities.number(cells[downtime])
                incidents.append(IncidentRecord(line: line, time: hours, node: nodeNumber, category: category,
                                                repairHours: minutes.map { $0 / 60 }))
            }
        }
        return incidents.sorted { ($0.time, $0.line) < ($1.time, $1.line) }
    }
}

/// Timestamps in the two shapes incident logs use, to hours since 1970-01-01 00:00 UTC.
enum Timestamp {
    /// `YYYY-MM-DD HH:MM[:SS]` (or with `T`), or `M/D/YYYY H:MM` (LANL).
    static func hours(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2 else { return nil }
        let date: [Int]
        if parts[0].contains("-") {
            date = parts[0].split(separator: "-").compactMap { Int($0) }
        } else {
            let mdy = parts[0].split(separator: "/").compactMap { Int($0) }
            guard mdy.count == 3 else { return nil }
            date = [mdy[2], mdy[0], mdy[1]]
        }
        let clock = parts[1].split(separator: ":").compactMap { Double($0) }
        guard date.count == 3, (2...3).contains(clock.count), (1...12).contains(date[1]), (1...31).contains(date[2]),
              clock[0] >= 0, clock[0] < 24, clock[1] >= 0, clock[1] < 60 else { return nil }
        let seconds = clock.count == 3 ? clock[2] : 0
        return Double(daysFromCivil(year: date[0], month: date[1], day: date[2])) * 24 + clock[0] + clock[1] / 60 + seconds / 3600
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
    /// low-level date algorithms").
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
