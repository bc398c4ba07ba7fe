import FleetModel
import Foundation
import LocatedYAML
import Stochastics
import Yams

/// A capacity plan (`fleetsim plan`): a base scenario, decision variables that rewrite it at a
/// path (`fleet.sites.0.racks.gb200-nvl72`), constraints on KPIs at a confidence level, an
/// objective, and how much simulation to spend. Read with located errors; candidates are the
/// base scenario with each combination of values written in, loaded as any scenario is.
public struct PlanDefinition: @unchecked Sendable {
    /// A decision: one of its options, each of which writes values at paths of the scenario
    /// (`values: [8, 16]` at one `path`, or named `options` that set several paths together).
    public struct Variable: Sendable {
        public struct Option: Sendable {
            public var label: String
            public var assignments: [(path: [String], value: String)]
        }
        public var name: String
        public var options: [Option]
    }

    public struct Constraint: Sendable {
        public var metric: String
        public var minimum: Double?
        public var maximum: Double?
        public var confidence: Double
    }

    public enum SensitivityInput: String, CaseIterable, Sendable {
        case failureRates = "failure_rates", repairTimes = "repair_times", powerPrice = "power_price"
        case colocationPrice = "colocation_price", hardwarePrice = "hardware_price"
    }

    public var file: String
    /// Identifies the plan file's contents (`StableHash.fnv1a64Hex` of its text).
    public var contentHash: String
    public var scenarioPath: String
    public var baseDirectory: URL
    public var variables: [Variable]
    public var constraints: [Constraint]
    public var objective: String
    public var minimize: Bool
    public var screeningReplications: Int
    public var maxReplications: Int
    public var budget: Int
    public var seed: UInt64
    public var horizon: Double?
    public var sensitivityChange: Double
    public var sensitivityInputs: [SensitivityInput]
    public var paretoPairs: [(String, String)]
    /// The base scenario as loaded (for its metrics and defaults).
    public var base: Scenario
    /// The base scenario's document, laid over the files it extends (read once; each candidate
    /// writes its values into a copy of the node and is loaded from it, never through YAML text).
    let baseRoot: YAMLField
    let baseFiles: ScenarioLoader.BaseFiles
    var baseNode: Node { baseRoot.node }

    public var candidateCount: Int { variables.reduce(1) { $0 * $1.options.count } }

    /// Candidates a plan may have (the loader refuses more, before building any).
    public static let maximumCandidates = 10_000
    /// Replications per candidate a plan may ask for.
    public static let maximumReplications = 10_000

    /// Candidate `index`'s option of each variable (the last variable varies fastest).
    func options(of index: Int) -> [Variable.Option] {
        var rest = index
        var result: [Variable.Option] = []
        for variable in variables.reversed() {
            result.insert(variable.options[rest % variable.options.count], at: 0)
            rest /= variable.options.count
        }
        return result
    }

    /// Candidate `index`'s choice for each variable, by label (a value, or an option's name).
    public func values(of index: Int) -> [String] { options(of: index).map(\.label) }

    /// The base scenario's node with candidate `index`'s values written in.
    func node(of index: Int) throws(ScenarioError) -> Node {
        var node = baseNode
        for (variable, option) in zip(variables, options(of: index)) {
            for assignment in option.assignments {
                node = try Self.set(node, path: assignment.path[...], to: assignment.value, variable: variable.name, file: file)
            }
        }
        return node
    }

    /// Candidate `index` as a scenario (errors name the plan and the candidate's values).
    public func scenario(of index: Int) throws(ScenarioError) -> Scenario {
        let label = zip(variables, values(of: index)).map { "\($0.name)=\($1)" }.joined(separator: ", ")
        var scenario = try scenario(node: node(of: index), file: "\(scenarioPath) [\(label)]",
                                    contentHash: StableHash.fnv1a64Hex("\(base.contentHash) \(label)".utf8))
        if let horizon { scenario = scenario.withHorizon(horizon) }
        return scenario
    }

    /// The base scenario with its document's root replaced by `node`.
    func scenario(node: Node, file: String, contentHash: String) throws(ScenarioError) -> Scenario {
        let root = YAMLField(node: node, file: file, path: "", bases: baseRoot.bases)
        return try ScenarioLoader.scenario(root: root, bases: baseFiles, file: file, baseDirectory: baseDirectory, contentHash: contentHash)
    }

    /// Candidate `index` as a scenario file to keep in `directory`: the full scenario, with
    /// relative file paths (runbooks, data) rewritten to stay valid from there.
    public func scenarioText(of index: Int, header: String, directory: URL) throws(ScenarioError) -> String {
        let rewritten = Self.rewritePaths(try node(of: index), from: baseDirectory, to: directory)
        return header + (try Self.serialize(rewritten, file: file))
    }

    // MARK: YAML surgery

    static func set(_ node: Node, path: ArraySlice<String>, to value: String, variable: String, file: String) throws(ScenarioError) -> Node {
        guard let key = path.first else { return Node(value) }
        switch node {
        case .mapping(var mapping):
            let index = mapping.firstIndex { $0.key.scalar?.string == key }
            let child = index.map { mapping[$0].value } ?? .mapping(Node.Mapping([]))
            let updated = try set(child, path: path.dropFirst(), to: value, variable: variable, file: file)
            if let index { mapping[index] = (mapping[index].key, updated) } else { mapping[Node(key)] = updated }
            return .mapping(mapping)
        case .sequence(var sequence):
            guard let position = Int(key), sequence.indices.contains(position) else {
                throw ScenarioError(file: file, field: "variables.\(variable).path",
                                    message: "'\(key)' is not an index of a list of \(sequence.count) entries")
            }
            sequence[position] = try set(sequence[position], path: path.dropFirst(), to: value, variable: variable, file: file)
            return .sequence(sequence)
        default:
            throw ScenarioError(file: file, field: "variables.\(variable).path", message: "the path goes through a single value at '\(key)'")
        }
    }

    static func serialize(_ node: Node, file: String) throws(ScenarioError) -> String {
        do { return try Yams.serialize(node: node, width: 200) } catch {
            throw ScenarioError(file: file, field: "", message: "cannot write a candidate scenario (\(error))")
        }
    }

    /// Scalars that name existing files relative to `from` are rewritten relative to `to`.
    static func rewritePaths(_ node: Node, from: URL, to: URL) -> Node {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            guard !text.hasPrefix("/"), text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".csv"),
                  FileManager.default.fileExists(atPath: from.appendingPathComponent(text).path) else { return node }
            return Node(FilePaths.relative(from: to, to: from.appendingPathComponent(text)))
        case .mapping(var mapping):
            for index in mapping.indices { mapping[index] = (mapping[index].key, rewritePaths(mapping[index].value, from: from, to: to)) }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = rewritePaths(sequence[index], from: from, to: to) }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }
}

/// Relative paths between files, for plans and exports.
public enum FilePaths {
    /// `target` as seen from `directory` (`../results/x`).
    public static func relative(from directory: URL, to target: URL) -> String {
        let from = directory.standardizedFileURL.pathComponents, to = target.standardizedFileURL.pathComponents
        let common = zip(from, to).prefix { $0 == $1 }.count
        let parts = Array(repeating: "..", count: from.count - common) + to.dropFirst(common)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
