import Foundation

/// A results directory as written by `fleetsim run`, or by `fleetsim compare` into a folder of
/// its own, opened for exports: its identity from `summary.json` (or `comparison.json`), and its
/// files.
public struct ResultsDirectory: @unchecked Sendable {
    /// What wrote it.
    public enum Kind: Sendable { case run, comparison }

    public let url: URL
    public let kind: Kind
    public let scenarioName: String
    public let scenarioFile: String
    public let seed: UInt64
    public let replications: Int
    /// `summary.json` (or, for a comparison, `comparison.json`) as JSON.
    public let summary: [String: Any]

    public init(path: String) throws(ResultsDirectoryError) {
        url = URL(fileURLWithPath: path).absoluteURL.standardized
        if let data = FileManager.default.contents(atPath: url.appendingPathComponent("summary.json").path) {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let scenario = object["scenario"] as? [String: Any], let name = scenario["name"] as? String else {
                throw ResultsDirectoryError("\(path)/summary.json is not a FleetSim summary")
            }
            kind = .run
            scenarioName = name
            scenarioFile = scenario["file"] as? String ?? ""
            summary = object
        } else if let data = FileManager.default.contents(atPath: url.appendingPathComponent("comparison.json").path) {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  object["format"] as? String == "fleetsim.compare/1", let name = object["scenario_name"] as? String else {
                throw ResultsDirectoryError("\(path)/comparison.json is not a FleetSim comparison")
            }
            kind = .comparison
            scenarioName = name
            scenarioFile = object["scenario"] as? String ?? ""
            summary = object
        } else {
            throw ResultsDirectoryError("\(path) has no summary.json nor comparison.json; expected a results directory written by "
                + "`fleetsim run` or `fleetsim compare --output`")
        }
        seed = (summary["seed"] as? NSNumber)?.uint64Value ?? 0
        replications = (summary["replications"] as? NSNumber)?.intValue ?? 0
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
