import Foundation

/// Decides whether a command may write its results folder at a path, so that FleetSim never
/// deletes or replaces what it did not write.
///
/// Every results folder FleetSim writes holds a marker file (`.fleetsim-results`). A target may
/// be missing, an empty folder, or a folder with the marker; anything else — a regular file, a
/// device, a symbolic link, a folder of other things, or a folder that holds one of the inputs —
/// is refused with a one-line reason before any simulation runs, and again just before writing.
public enum ResultsFolderGuard {
    /// The marker's file name: hidden, so that listings of results stay as documented.
    public static let markerName = ".fleetsim-results"

    /// How a command writes its folder: replacing it whole (`run`, `plan`), or adding its files
    /// to a folder of any FleetSim command (`compare` beside a run's results, for reports).
    public enum Mode: Sendable { case replace, add }

    /// Throws unless `command` may write `directory` as a results folder in `mode`: a folder
    /// another command wrote is replaced only by that command. `inputs` are files the command
    /// reads (the scenario, a plan), which must not be inside or equal to it.
    public static func check(_ directory: URL, command: String, mode: Mode = .replace, inputs: [String] = []) throws(ResultsFolderError) {
        let path = directory.standardizedFileURL.path
        for input in inputs {
            let inputPath = URL(fileURLWithPath: input).standardizedFileURL.path
            if inputPath == path || inputPath.hasPrefix(path.hasSuffix("/") ? path : path + "/") {
                throw ResultsFolderError(path: directory.relativePath,
                                         reason: "it holds the input \(input), which writing results there would replace; choose another --output")
            }
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw ResultsFolderError(path: directory.relativePath, reason: "cannot inspect it (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            break
        case S_IFLNK:
            throw ResultsFolderError(path: directory.relativePath, reason: "it is a symbolic link; give the folder it points to as --output")
        case S_IFREG:
            throw ResultsFolderError(path: directory.relativePath, reason: "it is a file, not a folder; FleetSim writes results folders and never replaces a file")
        default:
            throw ResultsFolderError(path: directory.relativePath, reason: "it is a device or special file, not a folder")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw ResultsFolderError(path: directory.relativePath, reason: "cannot list it (\(error.localizedDescription))")
        }
        guard !entries.isEmpty else { return }
        if entries.contains(markerName) {
            let marker = markerObject(in: directory)
            guard mode == .replace, let owner = marker?["command"] as? String else { return }
            guard owner == command else {
                throw ResultsFolderError(path: directory.relativePath,
                                         reason: "it holds the results of `fleetsim \(owner)`, which `fleetsim \(command)` would delete; choose another --output")
            }
            // Files other commands made from these results (a report, a comparison) would go with them.
            let added = (marker?["added"] as? [String: String] ?? [:]).filter { entries.contains($0.key) }.sorted { $0.key < $1.key }
            guard added.isEmpty else {
                let list = added.map { "\($0.key) (from `fleetsim \($0.value)`)" }.joined(separator: ", ")
                throw ResultsFolderError(path: directory.relativePath,
                                         reason: "it holds \(list), made from the results `fleetsim \(command)` would replace; "
                                            + "move \(added.count == 1 ? "it" : "them") away or choose another --output")
            }
            return
        }
        throw ResultsFolderError(
            path: directory.relativePath,
            reason: "it is a folder FleetSim did not write (\(entries.count) entr\(entries.count == 1 ? "y" : "ies"), no \(markerName) marker); "
                + "choose another --output, or empty or remove it yourself")
    }

    /// The marker of `directory` as JSON: `command` (who wrote the folder), `tool`, `version`, and
    /// `added` (files other commands added: name → command).
    static func markerObject(in directory: URL) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(markerName).path) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Notes in the marker of `directory` that `command` added `names` (a report, a comparison),
    /// so that the command that owns the folder will not silently delete them when it runs again.
    /// Does nothing for a folder without a marker, or for files the owner itself writes.
    public static func recordAddition(_ names: [String], by command: String, in directory: URL) throws {
        guard var object = markerObject(in: directory), let owner = object["command"] as? String, owner != command else { return }
        var added = object["added"] as? [String: String] ?? [:]
        for name in names { added[name] = command }
        object["added"] = added
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        try AtomicFile.write(data, to: directory.appendingPathComponent(markerName))
    }

    /// The marker's contents: which command wrote the folder, with which version.
    static func marker(command: String, toolVersion: String) -> Data {
        Data("{\"command\":\"\(command)\",\"tool\":\"fleetsim\",\"version\":\"\(toolVersion)\"}\n".utf8)
    }

    /// Removes the staging folders (`.NAME.partial-PID`, `.old-PID`, `.record-PID`) that FleetSim processes
    /// which no longer run left in `parent`: only those holding the marker, so only FleetSim's own.
    static func removeStaleStaging(in parent: URL) {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries where entry.hasPrefix(".") {
            guard let pid = stagingOwner(entry), pid != getpid(), !isRunning(pid) else { continue }
            let url = parent.appendingPathComponent(entry)
            guard manager.fileExists(atPath: url.appendingPathComponent(markerName).path) else { continue }
            try? manager.removeItem(at: url)
        }
    }

    /// The process id in a staging folder's name, if it is one.
    static func stagingOwner(_ name: String) -> pid_t? {
        for infix in [".partial-", ".old-", ".record-"] {
            if let range = name.range(of: infix, options: .backwards), let pid = pid_t(name[range.upperBound...]), pid > 0 {
                return pid
            }
        }
        return nil
    }

    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}

/// A results folder FleetSim will not write, and why.
public struct ResultsFolderError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "refusing to write results to \(path): \(reason)" }
}
