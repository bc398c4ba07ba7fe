import Foundation
import Reports
import Testing

/// FleetSim replaces only what it wrote: a missing or empty folder, or one with its marker.
@Suite struct ResultsFolderGuardTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-guard-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let files = ["summary.json": Data("{}".utf8), "metrics.csv": Data("metric\n".utf8)]

    static func refusal(_ target: URL, command: String = "run", inputs: [String] = []) -> String? {
        do {
            try ResultsWriter.writeDirectory(files, to: target, command: command, inputs: inputs)
            return nil
        } catch let error as ResultsFolderError { return error.description } catch { return "unexpected \(error)" }
    }

    @Test func writesNewAndEmptyFoldersAndReplacesItsOwn() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let fresh = root.appendingPathComponent("a/b")
        #expect(Self.refusal(fresh) == nil)
        #expect(Self.refusal(fresh) == nil, "a folder FleetSim wrote is replaced")
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(Self.refusal(empty) == nil)
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent(ResultsFolderGuard.markerName).path))
    }

    /// The cases that used to lose data with exit status 0.
    @Test func refusesWhatItDidNotWrite() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("scenario.yaml")
        try Data("name: x\n".utf8).write(to: file)
        #expect(Self.refusal(file)?.contains("it is a file") == true)
        #expect(try Data(contentsOf: file) == Data("name: x\n".utf8))

        let mine = root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: mine.appendingPathComponent("notes.txt"))
        try Data("{}".utf8).write(to: mine.appendingPathComponent("summary.json"))  // looks like results, is not marked
        #expect(Self.refusal(mine)?.contains("did not write") == true)
        #expect(FileManager.default.fileExists(atPath: mine.appendingPathComponent("notes.txt").path))

        #expect(Self.refusal(URL(fileURLWithPath: "/dev/null"))?.contains("device") == true)
        #expect(FileManager.default.fileExists(atPath: "/dev/null"))

        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: mine)
        #expect(Self.refusal(link)?.contains("symbolic link") == true)

        let marked = root.appendingPathComponent("marked")
        #expect(Self.refusal(marked) == nil)
        let input = marked.appendingPathComponent("scenario.yaml")
        try Data("name: x\n".utf8).write(to: input)
        #expect(Self.refusal(marked, inputs: [input.path])?.contains("holds the input") == true)
        #expect(FileManager.default.fileExists(atPath: input.path))
    }

    /// A plan into a run's folder would delete the run; a comparison is added beside it.
    @Test func anotherCommandsFolderIsNotReplacedButCanBeAddedTo() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = root.appendingPathComponent("run")
        #expect(Self.refusal(run, command: "run") == nil)
        #expect(Self.refusal(run, command: "plan")?.contains("holds the results of `fleetsim run`") == true)
        try ResultsWriter.addFiles(["comparison.csv": Data("metric\n".utf8)], to: run, command: "compare")
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path).sorted()
        #expect(names == [ResultsFolderGuard.markerName, "comparison.csv", "metrics.csv", "summary.json"])
    }

    /// A run killed while writing leaves its staging folder; the next write removes it once its
    /// process is gone, and leaves a live process's alone.
    @Test func removesStagingFoldersOfDeadProcesses() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        func staging(_ name: String, marked: Bool) throws -> URL {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            if marked { try Data("{}".utf8).write(to: url.appendingPathComponent(ResultsFolderGuard.markerName)) }
            return url
        }
        let dead = try staging(".out.partial-999999999", marked: true)
        let live = try staging(".out.partial-1", marked: true)  // init is always running
        let foreign = try staging(".out.partial-999999998", marked: false)
        #expect(Self.refusal(root.appendingPathComponent("out")) == nil)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
        #expect(FileManager.default.fileExists(atPath: foreign.path), "not marked: not FleetSim's to delete")
    }
}
