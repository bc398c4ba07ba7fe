import FleetModel
import Foundation
import LocatedYAML
import Stochastics

/// Reads scenario files (YAML) into `Scenario`s. Every problem is reported as a `ScenarioError`
/// naming file, line, column, field and value; nothing is half-loaded.
public enum ScenarioLoader {
    static let modelKeys = ["repair_pool", "fleet"]

    /// Loads the scenario at `path` (as the user typed it, which is how errors name it).
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let url = URL(fileURLWithPath: path)
        let data = try InputFile.read(path, what: "the scenario file")
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, field: "", message: "the file is not UTF-8 text")
        }
        return try parse(text, file: path, baseDirectory: url.deletingLastPathComponent(),
                         contentHash: StableHash.fnv1a64Hex(data))
    }

    /// Every problem with the scenario at `path`: all structural ones the schema finds (unknown
    /// keys, types, enumerations, ranges), else the loader's first problem of meaning; and the
    /// scenario itself when there is none.
    public static func validate(path: String) -> (problems: [ScenarioError], scenario: Scenario?) {
        do throws(ScenarioError) {
            let url = URL(fileURLWithPath: path)
            let text = try InputFile.text(path, what: "the scenario file")
            let (root, _) = try layeredRoot(text, file: path, baseDirectory: url.deletingLastPathComponent())
            let problems = ScenarioFormat.checker.problems(in: root)
            if !problems.isEmpty { return (problems, nil) }
            return ([], try load(path: path))
        } catch {
            return ([error], nil)
        }
    }

    /// The root field of scenario text, laid over the files it extends.
    static func layeredRoot(_ text: String, file: String, baseDirectory: URL) throws(ScenarioError) -> (YAMLField, BaseFiles) {
        let root = try YAMLDocument.root(of: text, file: file, expected: "a scenario mapping (see scenarios/README.md)")
        var bases = BaseFiles(chain: [file])
        return (try bases.resolve(root, directory: baseDirectory), bases)
    }

    /// Parses scenario text; `file` is used in messages, `baseDirectory` resolves relative paths.
    public static func parse(
        _ text: String, file: String, baseDirectory: URL, contentHash: String? = nil
    ) throws(ScenarioError) -> Scenario {
        let (root, bases) = try layeredRoot(text, file: file, baseDirectory: baseDirectory)
        return try scenario(root: root, bases: bases, file: file, baseDirectory: baseDirectory,
                            contentHash: contentHash ?? StableHash.fnv1a64Hex(text.utf8))
    }

    /// The scenario a layered root describes (`layeredRoot`): what `parse` does after reading the
    /// text, and what a plan does with each candidate's document, which it never writes out as text.
    static func scenario(root: YAMLField, bases: BaseFiles, file: String, baseDirectory: URL,
                         contentHash: String) throws(ScenarioError) -> Scenario {
        let top = try root.mapping(allowed: ScenarioFormat.schema.keys)
        let builder = DistributionBuilder(baseDirectory: baseDirectory, baseFileDirectories: bases.directories)

        let name = try top.optional("name")?.string() ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let description = try top.optional("description")?.string() ?? ""
        let seed = try top.optional("seed")?.seed() ?? 1
        let replications = try top.optional("replications")?.integer(in: 1...ScenarioLimits.maximumReplications) ?? 10
        let horizonField = try top.required("horizon", expected: "the simulated duration, e.g. 5y")
        let horizon = try horizonField.duration()
        if let problem = ScenarioLimits.horizonProblem(horizon) { throw horizonField.error(problem) }
        let warmup = try top.optional("warmup")?.duration(allowZero: true) ?? 0
        if warmup >= horizon, let field = top.optional("warmup") {
            throw field.error("warm-up (\(warmup) h) must be shorter than the horizon (\(horizon) h)")
        }

        let present = modelKeys.filter { top.optional($0) != nil }
        guard present.count == 1 else {
            throw top.owner.error(present.isEmpty
                ? "no model; expected one of the blocks: \(modelKeys.joined(separator: ", "))"
                : "several models (\(present.joined(separator: ", "))); expected exactly one")
        }
        let model: ScenarioModel
        if let fleet = top.optional("fleet") {
            let configuration = try FleetLoader(builder: builder).load(fleet, horizon: horizon, warmup: warmup)
            model = .fleet(FleetTopology(configuration))
        } else {
            model = .repairPool(try repairPool(
                top.optional("repair_pool")!, builder: builder, horizon: horizon, warmup: warmup))
        }
        return Scenario(
            name: name, description: description, seed: seed, replications: replications,
            horizon: horizon, warmup: warmup, model: model,
            contentHash: bases.hashes.isEmpty ? contentHash : StableHash.fnv1a64Hex(Array(contentHash.utf8) + bases.hashes.joined().utf8))
    }

    /// The files a scenario `extends`, read in turn: a child's mappings are laid over its base's
    /// key by key (lists and values replace), and each file's relative paths stay relative to it.
    struct BaseFiles {
        var chain: [String]
        var directories: [String: URL] = [:]
        var hashes: [String] = []

        mutating func resolve(_ root: YAMLField, directory: URL) throws(ScenarioError) -> YAMLField {
            guard case .mapping(let mapping) = root.node,
                  let entry = mapping.first(where: { $0.key.scalar?.string == "extends" }) else { return root }
            let field = root.child(entry.value, key: "extends")
            let path = try field.scalar(expected: "the path of the scenario file this one extends")
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            let shown = path.hasPrefix("/") ? path
                : URL(fileURLWithPath: root.file).deletingLastPathComponent().appendingPathComponent(path).relativePath
            let display = shown.hasPrefix("./") ? String(shown.dropFirst(2)) : shown
            guard !chain.contains(display), chain.count < 16 else {
                throw field.error("'\(path)' extends itself: \((chain + [display]).joined(separator: " → "))")
            }
            let data: Data
            do { data = try InputFile.read(url.path, what: "'\(path)'") } catch {
                throw field.error(error.message)
            }
            guard let text = String(data: data, encoding: .utf8) else { throw field.error("'\(path)' is not UTF-8 text") }
            chain.append(display)
            directories[display] = url.deletingLastPathComponent()
            hashes.append(StableHash.fnv1a64Hex(data))
            let base = try YAMLDocument.root(of: text, file: display, expected: "a scenario mapping to extend")
            return root.extending(try resolve(base, directory: url.deletingLastPathComponent()))
        }
    }

    static func repairPool(
        _ field: YAMLField, builder: DistributionBuilder, horizon: Double, warmup: Double
    ) throws(ScenarioError) -> RepairPoolConfiguration {
        let block = try field.mapping(allowed: ScenarioFormat.repairPool.keys)
        return RepairPoolConfiguration(
            machines: try block.required("machines", expected: "the number of machines").integer(atLeast: 1),
            technicians: try block.required("technicians", expected: "the number of technicians").integer(atLeast: 1),
            timeToFailure: try block.required("time_to_failure", expected: "a distribution, e.g. exponential(mean: 2000h)").distribution(builder),
            repairTime: try block.required("repair_time", expected: "a distribution, e.g. lognormal(median: 8h, sigma: 0.6)").distribution(builder),
            horizon: horizon, warmup: warmup)
    }
}
