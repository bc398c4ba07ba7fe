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
public struct ResultsWriter {
    public static let toolVersion = "0.1.0"

    public var confidenceLevel: Double

    public init(confidenceLevel: Double = 0.95) {
        self.confidenceLevel = confidenceLevel
    }

    /// The files every run writes; `summary.json` always last.
    public static let fileNames = ["replications.csv", "metrics.csv", "summary.json"]

    public func write(_ results: RunResults, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = try render(results)
        let order = files.keys.filter { $0 != "summary.json" }.sorted() + ["summary.json"]
        for name in order {
            try AtomicFile.write(files[name]!, to: directory.appendingPathComponent(name))
        }
    }

    /// The files' contents, keyed by file name: rendering is separate from writing, so that
    /// nothing is written unless everything rendered.
    public func render(_ results: RunResults) throws -> [String: Data] {
        let summary = SummaryDocument(results, toolVersion: Self.toolVersion, confidenceLevel: confidenceLevel)
        var files = [
            "replications.csv": Data(replicationsTable(results).text.utf8),
            "metrics.csv": Data(metricsTable(summary).text.utf8),
            "summary.json": try summary.encoded(),
        ]
        for table in modelTables(results) {
            files["\(table.name).csv"] = Data(table.csv.text.utf8)
        }
        return files
    }

    /// The model's tables, merged across replications in replication order.
    func modelTables(_ results: RunResults) -> [(name: String, csv: CSVTable)] {
        var merged: [String: CSVTable] = [:]
        var names: [String] = []
        for replication in results.replications {
            for table in replication.tables {
                if merged[table.name] == nil {
                    merged[table.name] = CSVTable(header: ["replication"] + table.columns)
                    names.append(table.name)
                }
                for row in table.rows { merged[table.name]!.append(["\(replication.index)"] + row) }
            }
        }
        return names.map { ($0, merged[$0]!) }
    }

    /// Columns: `replication`, `events_fired`, then one per metric (empty where undefined).
    func replicationsTable(_ results: RunResults) -> CSVTable {
        var table = CSVTable(header: ["replication", "events_fired"] + results.metrics.map(\.name))
        for replication in results.replications {
            table.append(["\(replication.index)", "\(replication.eventsFired)"]
                         + replication.values.map(ResultTable.cell))
        }
        return table
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
