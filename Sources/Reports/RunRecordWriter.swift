import Foundation
import SimulationCore

/// Writes a run record (`events.jsonl`) as replications finish, so that memory holds one
/// replication's events per worker, not the whole run's: each replication's lines go to a part
/// file in a hidden folder beside the results, and `assemble` joins the parts in replication
/// order. Replications may finish in any order on any thread.
public final class RunRecordWriter: @unchecked Sendable {
    public let folder: URL
    private let metrics: [Metric]
    private let lock = NSLock()
    private var failure: (any Error)?

    /// A part folder beside `results` (`.NAME.record-PID`, marked as FleetSim's, so that a killed
    /// run's parts are cleaned up by the next write there).
    public init(beside results: URL, metrics: [Metric]) throws {
        let parent = results.deletingLastPathComponent()
        folder = parent.appendingPathComponent(".\(results.lastPathComponent).record-\(ProcessInfo.processInfo.processIdentifier)")
        self.metrics = metrics
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ResultsFolderGuard.marker(command: "run", toolVersion: ResultsWriter.toolVersion)
            .write(to: folder.appendingPathComponent(ResultsFolderGuard.markerName))
    }

    /// Writes `replication`'s lines and returns it without its event log.
    public func record(_ replication: ReplicationResult) -> ReplicationResult {
        let text = RunRecord.lines(of: replication, metrics: metrics).joined(separator: "\n") + "\n"
        do { try Data(text.utf8).write(to: part(replication.index)) } catch {
            lock.withLock { failure = failure ?? error }
        }
        var light = replication
        light.eventLog = nil
        return light
    }

    /// `events.jsonl` in the part folder: the header, then every part in replication order.
    public func assemble(header: RunRecord.Header, replications: Int) throws -> URL {
        if let failure { throw failure }
        let url = folder.appendingPathComponent("events.jsonl")
        guard FileManager.default.createFile(atPath: url.path, contents: Data((RunRecord.headerLine(header) + "\n").utf8)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let output = try FileHandle(forWritingTo: url)
        defer { try? output.close() }
        try output.seekToEnd()
        for index in 0..<replications {
            let input = try FileHandle(forReadingFrom: part(index))
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
            try input.close()
            try FileManager.default.removeItem(at: part(index))
        }
        return url
    }

    /// Removes the part folder (after the record has been moved into the results).
    public func remove() { try? FileManager.default.removeItem(at: folder) }

    private func part(_ index: Int) -> URL { folder.appendingPathComponent("part-\(index).jsonl") }
}
