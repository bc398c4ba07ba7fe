import Foundation
import SimulationCore

/// A run's event log (`events.jsonl`, written with `fleetsim run --record`): a header line with
/// what was run, then for each replication every event fired — time and event — and a closing
/// line with its KPIs. `fleetsim replay` runs the scenario again and compares line by line, so
/// the first divergent event (or KPI) is named exactly.
public struct RunRecord: Sendable {
    public static let format = "fleetsim.events/1"

    public struct Header: Codable, Hashable, Sendable {
        public var format = RunRecord.format
        public var scenarioFile: String
        public var scenarioName: String
        public var contentHash: String
        public var seed: UInt64
        public var replications: Int
        public var horizonHours: Double
        public var toolVersion: String

        enum CodingKeys: String, CodingKey {
            case format, seed, replications
            case scenarioFile = "scenario_file", scenarioName = "scenario_name", contentHash = "content_hash"
            case horizonHours = "horizon_hours", toolVersion = "tool_version"
        }

        public init(scenarioFile: String, scenarioName: String, contentHash: String, seed: UInt64, replications: Int,
                    horizonHours: Double, toolVersion: String = ResultsWriter.toolVersion) {
            self.scenarioFile = scenarioFile
            self.scenarioName = scenarioName
            self.contentHash = contentHash
            self.seed = seed
            self.replications = replications
            self.horizonHours = horizonHours
            self.toolVersion = toolVersion
        }
    }

    /// The record's lines: the header, then per replication its events and its KPIs.
    public static func lines(header: Header, metrics: [Metric], replications: [ReplicationResult]) -> [String] {
        [encode(header)] + replications.flatMap { lines(of: $0, metrics: metrics) }
    }

    /// The header line.
    public static func headerLine(_ header: Header) -> String { encode(header) }

    /// One replication's lines: its events, then its KPIs.
    public static func lines(of replication: ReplicationResult, metrics: [Metric]) -> [String] {
        var lines: [String] = []
        for (number, entry) in (replication.eventLog ?? []).enumerated() {
            let space = entry.firstIndex(of: " ") ?? entry.endIndex
            lines.append(json(["r": replication.index, "n": number + 1, "t": String(entry[..<space]),
                               "event": String(entry[space...].dropFirst())]))
        }
        var kpis: [String: Any] = [:]
        for (metric, value) in zip(metrics, replication.values) { kpis[metric.name] = value.map { $0 as Any } ?? NSNull() }
        lines.append(json(["r": replication.index, "end": true, "events": replication.eventsFired, "kpis": kpis]))
        return lines
    }

    public static func header(of line: String) throws -> Header {
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(line.utf8)) } catch {
            throw RunRecordError("the first line is not a run record header (\(error.localizedDescription))")
        }
        guard header.format == format else { throw RunRecordError("format '\(header.format)' is not \(format)") }
        return header
    }

    /// Where two records first differ: the line number (1-based) and both lines (nil past the end).
    public struct Divergence: Hashable, Sendable {
        public let line: Int
        public let recorded: String?
        public let replayed: String?
    }

    public static func firstDivergence(recorded: [String], replayed: [String]) -> Divergence? {
        for index in 0..<max(recorded.count, replayed.count) {
            let a = index < recorded.count ? recorded[index] : nil
            let b = index < replayed.count ? replayed[index] : nil
            if a != b { return Divergence(line: index + 1, recorded: a, replayed: b) }
        }
        return nil
    }

    static func encode(_ header: Header) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(header)) ?? Data(), as: UTF8.self)
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(),
               as: UTF8.self)
    }
}

public struct RunRecordError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
