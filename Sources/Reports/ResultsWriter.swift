import CSV
import Foundation
import SimulationCore

/// Writes a run's results directory:
/// - `replications.csv`: one row per replication, one column per metric;
/// - `metrics.csv`: one row per metric with mean and confidence interval;
/// - one `<table>.csv` per table the model produces (capacity time series, breakdowns), with a
///   leading `replication` column;
/// - `summary.json`: run identity and the same metric summaries, written **last**, so its presence
///   marks a complete directory.
///
/// Column and key meanings are in docs/output.md.
/// Which files a run writes besides `summary.json`: CSV tables, the same tables as JSON, or both.
public enum ExportFormat: String, CaseIterable, Sendable { case csv, json, both }

public struct ResultsWriter {
    public static let toolVersion = "0.1.0"

    public var confidenceLevel: Double

    public init(confidenceLevel: Double = 0.95) {
        self.confidenceLevel = confidenceLevel
    }

    /// The files every run writes (with `.csv`); `summary.json` always last.
    public static let fileNames = ["replications.csv", "metrics.csv", "summary.json"]

    /// Writes the results directory as a whole: the files go into a hidden staging directory
    /// beside it, which then replaces it by renames, so that an interrupted run leaves either
    /// the previous complete results or nothing that looks complete (a `.partial` directory,
    /// removed by the next write once its process is gone). Only a missing or empty folder, or
    /// one FleetSim wrote (it has the marker), is replaced: see `ResultsFolderGuard`.
    /// `movedFiles` are files written already (a run record), moved into the folder by name.
    public func write(_ results: RunResults, to directory: URL, format: ExportFormat = .csv,
                      movedFiles: [String: URL] = [:], inputs: [String] = []) throws {
        try Self.writeDirectory(try render(results, format: format), to: directory,
                                command: "run", movedFiles: movedFiles, inputs: inputs)
    }

    /// Adds `files` to the results folder `directory` (each written atomically), or, if there is
    /// none yet, writes `newFolder` (by default the same files) as a new one: how `compare` puts
    /// its table beside a run's results, or writes a folder of its own.
    public static func addFiles(_ files: [String: Data], to directory: URL, command: String, inputs: [String] = [],
                                newFolder: [String: Data]? = nil) throws {
        try ResultsFolderGuard.check(directory, command: command, mode: .add, inputs: inputs)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard entries.contains(ResultsFolderGuard.markerName) else {
            return try writeDirectory(newFolder ?? files, to: directory, command: command, inputs: inputs)
        }
        for name in files.keys.sorted() { try AtomicFile.write(files[name]!, to: directory.appendingPathComponent(name)) }
        try ResultsFolderGuard.recordAddition(files.keys.sorted(), by: command, in: directory)
    }

    /// Writes `files` as the directory `directory`, staged and swapped in whole (see `write`),
    /// with the marker that lets a later run replace it; `command` names who wrote it.
    public static func writeDirectory(_ files: [String: Data], to directory: URL, command: String,
                                      movedFiles: [String: URL] = [:], inputs: [String] = []) throws {
        try ResultsFolderGuard.check(directory, command: command, inputs: inputs)
        let manager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        ResultsFolderGuard.removeStaleStaging(in: parent)
        let order = files.keys.filter { $0 != "summary.json" }.sorted() + (files["summary.json"] == nil ? [] : ["summary.json"])
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).partial-\(pid)")
        let retired = parent.appendingPathComponent(".\(directory.lastPathComponent).old-\(pid)")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            // The marker first, so that a staging folder left by a killed run is known as ours.
            try ResultsFolderGuard.marker(command: command, toolVersion: toolVersion)
                .write(to: staging.appendingPathComponent(ResultsFolderGuard.markerName))
            for (name, source) in movedFiles.sorted(by: { $0.key < $1.key }) {
                try manager.moveItem(at: source, to: staging.appendingPathComponent(name))
            }
            for name in order {
                let target = staging.appendingPathComponent(name)
                if name.contains("/") {
                    try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                }
                try files[name]!.write(to: target)
            }
            // Checked again: the folder may have changed while the simulation ran.
            try ResultsFolderGuard.check(directory, command: command, inputs: inputs)
            if manager.fileExists(atPath: directory.path) {
                try? manager.removeItem(at: retired)
                try manager.moveItem(at: directory, to: retired)
            }
            try manager.moveItem(at: staging, to: directory)
            try? manager.removeItem(at: retired)
        } catch {
            // Files handed over are handed back, so that a fallback write still has them.
            for (name, source) in movedFiles { try? manager.moveItem(at: staging.appendingPathComponent(name), to: source) }
            try? manager.removeItem(at: staging)
            throw error
        }
    }

    /// The files' contents, keyed by file name: rendering is separate from writing, so that
    /// nothing is written unless everything rendered.
    public func render(_ results: RunResults, format: ExportFormat = .csv) throws -> [String: Data] {
        let summary = SummaryDocument(results, toolVersion: Self.toolVersion, confidenceLevel: confidenceLevel)
        var tables = [replicationsTable(results), (name: "metrics", csv: metricsTable(summary), types: [])]
        tables += modelTables(results)
        var files = ["summary.json": try summary.encoded()]
        for (name, table, types) in tables {
            if format != .json { files["\(name).csv"] = Data(table.text.utf8) }
            if format != .csv && name != "metrics" { files["\(name).json"] = TableJSON.render(table, types: types) }
        }
        return files
    }

    /// A table to write: its name, its cells and its columns' types.
    typealias Table = (name: String, csv: CSVTable, types: [ResultTable.ColumnType])

    /// The model's tables, merged across replications in replication order.
    func modelTables(_ results: RunResults) -> [Table] {
        var merged: [String: CSVTable] = [:]
        var names: [String] = []
        var types: [String: [ResultTable.ColumnType]] = [:]
        for replication in results.replications {
            for table in replication.tables {
                if merged[table.name] == nil {
                    merged[table.name] = CSVTable(header: ["replication"] + table.columns)
                    types[table.name] = [.integer] + table.types
                    names.append(table.name)
                }
                let index = "\(replication.index)"
                merged[table.name]!.append(contentsOf: table.rows.lazy.map { [index] + $0 })
            }
        }
        return names.map { ($0, merged[$0]!, types[$0]!) }
    }

    /// Columns: `replication`, `events_fired`, then one per metric (empty where undefined).
    func replicationsTable(_ results: RunResults) -> Table {
        var table = CSVTable(header: ["replication", "events_fired"] + results.metrics.map(\.name))
        for replication in results.replications {
            table.append(["\(replication.index)", "\(replication.eventsFired)"]
                         + replication.values.map(ResultTable.cell))
        }
        return ("replications", table, [.integer, .integer] + results.metrics.map { _ in .number })
    }

    static let metricsColumns = [
        "metric", "unit", "replications", "mean", "ci_low", "ci_high", "ci_half_width", "std_dev",
        "min", "max", "description",
    ]

    func metricsTable(_ summary: SummaryDocument) -> CSVTable {
        var table = CSVTable(header: Self.metricsColumns)
        for m in summary.metrics {
            table.append([m.name, m.unit, "\(m.replications)"]
                         + [m.mean, m.ciLow, m.ciHigh, m.halfWidth, m.standardDeviation, m.min, m.max].map(ResultTable.cell)
                         + [m.description])
        }
        return table
    }
}
