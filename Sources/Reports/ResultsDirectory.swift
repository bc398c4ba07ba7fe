import Foundation

/// A results directory as written by `fleetsim run` (or `compare`), opened for exports: its
/// identity from `summary.json`, and its files.
public struct ResultsDirectory: @unchecked Sendable {
    public let url: URL
    public let scenarioName: String
    public let scenarioFile: String
    public let seed: UInt64
    public let replications: Int
    /// `summary.json` as JSON.
    public let summary: [String: Any]

    public init(path: String) throws(ResultsDirectoryError) {
        url = URL(fileURLWithPath: path).absoluteURL.standardized
        let summaryURL = url.appendingPathComponent("summary.json")
        guard let data = FileManager.default.contents(atPath: summaryURL.path) else {
            throw ResultsDirectoryError("\(path) has no summary.json; expected a results directory written by `fleetsim run`")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let scenario = object["scenario"] as? [String: Any], let name = scenario["name"] as? String else {
            throw ResultsDirectoryError("\(path)/summary.json is not a FleetSim summary")
        }
        scenarioName = name
        scenarioFile = scenario["file"] as? String ?? ""
        seed = (object["seed"] as? NSNumber)?.uint64Value ?? 0
        replications = (object["replications"] as? NSNumber)?.intValue ?? 0
        summary = object
    }

    /// A file of the directory, if present.
    public func text(_ name: String) -> String? { Self.text(name, in: url) }

    /// The file `name` of `directory` as text, if present (any results directory, plans too).
    public static func text(_ name: String, in directory: URL) -> String? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { String(decoding: $0, as: UTF8.self) }
    }
}

public struct ResultsDirectoryError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
