import Foundation
import Yams

/// A scenario file that `extends` another and sets a few fields: how FleetSim writes a scenario
/// it derived from the user's (a calibrated one), so that everything else stays in their file.
public struct ScenarioOverlay: Sendable {
    /// The base file, relative to where the overlay will be read from.
    public var extends: String
    /// Top-level scalars (`name`, `description`), in order.
    public var top: [(key: String, value: String)] = []
    /// Values at dotted paths below the top (`fleet.component_classes.gpu.time_to_failure`), in order.
    public var fields: [(path: [String], value: String)] = []

    public init(extends: String) { self.extends = extends }

    /// The YAML text, each line of `header` as a comment first.
    public func text(header: String) throws(ScenarioError) -> String {
        var root = Node.Mapping([])
        root[Node("extends")] = Node(extends, Tag(.str), .doubleQuoted)
        for (key, value) in top { root[Node(key)] = Node(value, Tag(.str), .doubleQuoted) }
        var node = Node.mapping(root)
        for (path, value) in fields {
            node = try PlanDefinition.set(node, path: path[...], to: value, variable: path.joined(separator: "."), file: extends)
        }
        let comments = header.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# \($0)" }
        do { return comments.joined(separator: "\n") + "\n" + (try Yams.serialize(node: node, width: 200)) } catch {
            throw ScenarioError(file: extends, field: "", message: "cannot write the scenario overlay: \(error)")
        }
    }
}
