import FleetModel
import Foundation
import LocatedYAML
import Stochastics
import Yams

/// Reads plan files (`fleetsim plan`, format in scenarios/plans/README.md) with located errors:
/// the base scenario must load, every variable's path must exist in it (or extend a mapping of
/// it), and every metric named must be one the scenario reports.
public enum PlanLoader {
    public static func load(path: String) throws(ScenarioError) -> PlanDefinition {
        let url = URL(fileURLWithPath: path)
        let text = try InputFile.text(path, what: "the plan file")
        let spec = try YAMLDocument.root(of: text, file: path, expected: "a plan mapping (see scenarios/plans/README.md)").mapping(allowed: PlanFormat.schema.keys)

        let scenarioField = try spec.required("scenario", expected: "the base scenario file, relative to the plan")
        let relative = try scenarioField.string()
        let scenarioURL = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : url.deletingLastPathComponent().appendingPathComponent(relative)
        let scenarioPath = FilePaths.relative(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), to: scenarioURL)
        let base = try ScenarioLoader.load(path: scenarioPath)
        let (baseRoot, baseFiles) = try ScenarioLoader.layeredRoot(try InputFile.text(scenarioURL.path, what: "the base scenario"),
                                                                   file: scenarioPath, baseDirectory: scenarioURL.deletingLastPathComponent())
        let baseNode = baseRoot.node
        let metrics = base.metrics.map(\.name)
        func metric(_ field: YAMLField) throws(ScenarioError) -> String {
            metrics[try field.reference(to: metrics, kind: "metric of \(base.name)")]
        }

        var variables: [PlanDefinition.Variable] = []
        let variablesField = try spec.required("variables", expected: "a list of decision variables")
        func checked(_ path: [String], _ value: String, name: String, field: YAMLField) throws(ScenarioError) {
            let node: Node
            do { node = try PlanDefinition.set(baseNode, path: path[...], to: value, variable: name, file: path.joined(separator: ".")) } catch {
                throw field.error("the path does not fit \(relative): \(error.message)")
            }
            // A mistyped key gives candidates no scenario can load: say so here, rather than end
            // in "no candidate meets every constraint". Other problems belong to the value.
            do {
                _ = try ScenarioLoader.scenario(root: YAMLField(node: node, file: relative, path: "", bases: baseRoot.bases), bases: baseFiles,
                                                file: relative, baseDirectory: scenarioURL.deletingLastPathComponent(), contentHash: "")
            } catch let error where error.message.hasPrefix("unknown key") {
                throw field.error("the path does not fit \(relative): \(error.field): \(error.message)")
            } catch {}
        }
        var names: Set<String> = []
        var candidates = 1
        /// Adds a variable, refusing a repeated name and more candidates than a plan may have.
        func add(_ variable: PlanDefinition.Variable, field: YAMLField) throws(ScenarioError) {
            guard names.insert(variable.name).inserted else {
                throw field.error("a second variable named '\(variable.name)'; each variable needs its own name")
            }
            let (product, overflow) = candidates.multipliedReportingOverflow(by: variable.options.count)
            guard !overflow, product <= PlanDefinition.maximumCandidates else {
                throw field.error("with '\(variable.name)' (\(variable.options.count) values) the plan has more than "
                    + "\(PlanDefinition.maximumCandidates) candidates; narrow the variables")
            }
            candidates = product
            variables.append(variable)
        }
        for entry in try variablesField.sequence(expected: "decision variables") {
            let v = try entry.mapping(allowed: PlanFormat.variable.keys)
            var options: [PlanDefinition.Variable.Option] = []
            if let optionsField = v.optional("options") {
                let name = try v.required("name", expected: "the variable's name").string()
                for optionField in try optionsField.sequence(expected: "options, each {label, set: {path: value, ...}}") {
                    let o = try optionField.mapping(allowed: PlanFormat.option.keys)
                    let label = try o.required("label", expected: "the option's name").string()
                    var assignments: [(path: [String], value: String)] = []
                    for (path, valueField) in try o.required("set", expected: "values by path").namedEntries(expected: "values by path") {
                        let parts = path.split(separator: ".").map(String.init)
                        let value = try valueField.scalar(expected: "a single value")
                        try checked(parts, value, name: name, field: valueField)
                        assignments.append((parts, value))
                    }
                    options.append(.init(label: label, assignments: assignments))
                }
                try add(.init(name: name, options: options), field: entry)
                continue
            }
            let pathField = try v.required("path", expected: "where the value goes in the scenario, e.g. fleet.sites.0.racks.gb200-nvl72")
            let path = try pathField.string().split(separator: ".").map(String.init)
            let name = try v.optional("name")?.string() ?? path.joined(separator: ".")
            var values: [String] = []
            if let valuesField = v.optional("values") {
                for value in try valuesField.sequence(expected: "the values to try") { values.append(try value.scalar(expected: "a single value")) }
            } else if let rangeField = v.optional("range") {
                let r = try rangeField.mapping(allowed: PlanFormat.range.keys)
                let from = try r.required("from", expected: "the first value").number(in: -1e15...1e15, expected: "a number")
                let to = try r.required("to", expected: "the last value").number(in: from...1e15, expected: "a number not below from")
                let step = try r.required("step", expected: "the step").number(in: 1e-12...1e15, expected: "a positive number")
                // Counted before any value is made: a range of 10^9 values is refused, not built.
                let count = ((to - from) / step + 1e-9).rounded(.down) + 1
                guard count <= Double(PlanDefinition.maximumCandidates) else {
                    throw rangeField.error("the range has \(String(format: "%.0f", count)) values; a plan has at most \(PlanDefinition.maximumCandidates) candidates")
                }
                var value = from
                while value <= to + 1e-9 {
                    values.append(value == value.rounded() ? String(Int(value)) : "\(value)")
                    value += step
                }
            } else {
                throw entry.error("give the variable's values (a list), range ({from, to, step}) or options")
            }
            guard !values.isEmpty else { throw entry.error("the variable '\(name)' has no values") }
            try checked(path, values[0], name: name, field: pathField)
            try add(.init(name: name, options: values.map { .init(label: $0, assignments: [(path, $0)]) }), field: entry)
        }
        guard !variables.isEmpty else { throw variablesField.error("no variables; expected at least one") }

        var constraints: [PlanDefinition.Constraint] = []
        if let constraintsField = spec.optional("constraints") {
            for entry in try constraintsField.sequence(expected: "constraints on metrics") {
                let c = try entry.mapping(allowed: PlanFormat.constraint.keys)
                let minimum = try c.optional("min")?.number(in: -1e15...1e15, expected: "a number")
                let maximum = try c.optional("max")?.number(in: -1e15...1e15, expected: "a number")
                guard minimum != nil || maximum != nil else { throw entry.error("give min, max or both") }
                constraints.append(.init(
                    metric: try metric(try c.required("metric", expected: "a metric name")), minimum: minimum, maximum: maximum,
                    confidence: try c.optional("confidence")?.number(in: 0.5...0.9999, expected: "a confidence from 0.5 to 0.9999") ?? 0.95))
            }
        }
        let objectiveField = try spec.required("objective", expected: "{minimize: metric} or {maximize: metric}")
        let o = try objectiveField.mapping(allowed: PlanFormat.objective.keys)
        guard let objectiveMetric = o.optional("minimize") ?? o.optional("maximize"),
              (o.optional("minimize") == nil) != (o.optional("maximize") == nil) else {
            throw objectiveField.error("give exactly one of minimize or maximize")
        }

        var screening = 4, maximum = 32
        if let r = spec.optional("replications") {
            let m = try r.mapping(allowed: PlanFormat.replications.keys)
            screening = try m.optional("screening")?.integer(in: 2...PlanDefinition.maximumReplications) ?? screening
            maximum = try m.optional("max")?.integer(in: screening...PlanDefinition.maximumReplications) ?? max(maximum, screening)
        }
        var definition = PlanDefinition(
            file: path, contentHash: StableHash.fnv1a64Hex(text.utf8), scenarioPath: scenarioPath, baseDirectory: scenarioURL.deletingLastPathComponent(), variables: variables,
            constraints: constraints, objective: try metric(objectiveMetric), minimize: o.optional("minimize") != nil,
            screeningReplications: screening, maxReplications: maximum, budget: 0,
            seed: try spec.optional("seed")?.seed() ?? base.seed, horizon: try spec.optional("horizon")?.duration(),
            sensitivityChange: 0.2, sensitivityInputs: PlanDefinition.SensitivityInput.allCases, paretoPairs: [],
            base: base, baseRoot: baseRoot, baseFiles: baseFiles)
        definition.budget = try spec.optional("budget")?.integer(in: screening...(definition.candidateCount * maximum)) ?? definition.candidateCount * maximum
        if let s = spec.optional("sensitivity") {
            let m = try s.mapping(allowed: PlanFormat.sensitivity.keys)
            definition.sensitivityChange = try m.optional("change")?.number(in: 0.001...0.9, expected: "a relative change, e.g. 0.2 for ±20%") ?? 0.2
            if let inputs = m.optional("inputs") {
                definition.sensitivityInputs = []
                for input in try inputs.sequence(expected: "uncertain inputs") {
                    definition.sensitivityInputs.append(try input.choice(PlanDefinition.SensitivityInput.self))
                }
            }
        }
        if let p = spec.optional("pareto") {
            for pair in try p.sequence(expected: "pairs of metrics, e.g. [tco_total, availability]") {
                let items = try pair.sequence(expected: "a pair of metrics")
                guard items.count == 2 else { throw pair.error("expected two metrics, e.g. [tco_total, availability]") }
                definition.paretoPairs.append((try metric(items[0]), try metric(items[1])))
            }
        }
        return definition
    }
}
