import Foundation
import SimulationCore

/// Writes a run's results directory:
/// - `replications.csv`: one row per replication, one column per metric;
/// - `metrics.csv`: one row per metric with mean and confidence interval;
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

    /// The file names written, in writing order.
    public static let fileNames = ["replications.csv", "metrics.csv", "summary.json"]

    public func write(_ results: RunResults, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = try render(results)
        for name in Self.fileNames {
            try AtomicFile.write(files[name]!, to: directory.appendingPathComponent(name))
        }
    }

    /// The files' contents, keyed by file name: rendering is separate from writing, so that
    /// nothing is written unless everything rendered.
    public func render(_ results: RunResults) throws -> [String: Data] {
        let summary = SummaryDocument(results, toolVersion: Self.toolVersion, confidenceLevel: confidenceLevel)
        return [
            "replications.csv": Data(replicationsTable(results).text.utf8),
            "metrics.csv": Data(metricsTable(summary).text.utf8),
            "summary.json": try summary.encoded(),
        ]
    }

    /// Columns: `replication`, `events_fired`, then one per metric (empty where undefined).
    func replicationsTable(_ results: RunResults) -> CSVTable {
        var table = CSVTable(header: ["replication", "events_fired"] + results.metrics.map(\.name))
        for replication in results.replications {
            table.append(["\(replication.index)", "\(replication.eventsFired)"]
                         + replication.values.map(CSVTable.cell))
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
                         + [m.mean, m.ciLow, m.ciHigh, m.halfWidth, m.standardDeviation, m.min, m.max].map(CSVTable.cell)
                         + [m.description])
        }
        return table
    }
}
