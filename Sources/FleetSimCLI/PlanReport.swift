import CSV
import Experiments
import Foundation
import ScenarioLoading
import SimulationCore
import Stochastics

/// The outcome of a plan search as tables and text: candidates ranked, the Pareto frontiers,
/// the tornado of the recommended plan, and what to say when nothing meets the constraints.
struct PlanReport {
    let definition: PlanDefinition
    let search: PlanSearch
    let metrics: [String]

    var objective: Int { search.settings.objective }

    /// The best candidate known to meet every constraint, if any.
    var recommended: Int? {
        let feasible = search.status.indices.filter { search.status[$0] == .contender && search.feasibility($0) == .feasible }
        return search.best(among: feasible)
    }

    /// Candidates in rank order: contenders by objective, then the dropped, then those that cannot run.
    var ranked: [Int] {
        func group(_ candidate: Int) -> Int {
            switch search.status[candidate] {
            case .contender: search.feasibility(candidate) == .feasible ? 0 : 1
            case .dominated: 2
            case .infeasible: 3
            case .invalid: 4
            }
        }
        return search.status.indices.sorted { a, b in
            let (ga, gb) = (group(a), group(b))
            if ga != gb { return ga < gb }
            let ma = search.mean(a, objective) ?? .infinity, mb = search.mean(b, objective) ?? .infinity
            return definition.minimize ? (ma, a) < (mb, b) : (-ma, a) < (-mb, b)
        }
    }

    func label(_ candidate: Int) -> String {
        zip(definition.variables, definition.values(of: candidate)).map { "\($0.name)=\($1)" }.joined(separator: ", ")
    }

    func describe(_ candidate: Int, _ metric: Int) -> String {
        guard let mean = search.mean(candidate, metric) else { return "n/a" }
        guard let interval = search.interval(candidate, metric) else { return format(mean) }
        return "\(format(mean)) [\(format(interval.lowerBound)), \(format(interval.upperBound))]"
    }

    func status(_ candidate: Int) -> String {
        switch search.status[candidate] {
        case .contender: search.feasibility(candidate).rawValue
        case .invalid(let reason): "cannot run: \(reason)"
        case .infeasible(let metric): "infeasible: \(metrics[metric])"
        case .dominated(let leader): "dominated by \(label(leader))"
        }
    }

    /// The metrics shown for each candidate: the objective, then each constrained metric.
    var shown: [Int] {
        var list = [objective]
        for constraint in search.settings.constraints where !list.contains(constraint.metric) { list.append(constraint.metric) }
        for (x, y) in definition.paretoPairs {
            for name in [x, y] { if let index = metrics.firstIndex(of: name), !list.contains(index) { list.append(index) } }
        }
        return list
    }

    func candidatesTable() -> CSVTable {
        var columns = ["rank", "candidate"] + definition.variables.map(\.name) + ["status", "replications"]
        for metric in shown { columns += [metrics[metric], "\(metrics[metric])_ci_low", "\(metrics[metric])_ci_high"] }
        var table = CSVTable(header: columns)
        for (rank, candidate) in ranked.enumerated() {
            var row = ["\(rank + 1)", "\(candidate)"] + definition.values(of: candidate) + [status(candidate), "\(search.results[candidate].count)"]
            for metric in shown {
                let interval = search.interval(candidate, metric)
                row += [search.mean(candidate, metric).map { "\($0)" } ?? "", interval.map { "\($0.lowerBound)" } ?? "",
                        interval.map { "\($0.upperBound)" } ?? ""]
            }
            table.append(row)
        }
        return table
    }

    func paretoTable() -> CSVTable {
        var table = CSVTable(header: ["x_metric", "y_metric", "candidate", "x", "y", "on_frontier"] + definition.variables.map(\.name))
        for (xName, yName) in definition.paretoPairs {
            let x = metrics.firstIndex(of: xName)!, y = metrics.firstIndex(of: yName)!
            let candidates = search.status.indices.filter { search.mean($0, x) != nil && search.mean($0, y) != nil }
            let points = candidates.map { (x: search.mean($0, x)!, y: search.mean($0, y)!) }
            let maximizeY = !(definition.constraints.first { $0.metric == yName }?.maximum != nil)
            let frontier = Pareto.frontier(points, maximizeY: maximizeY)
            for (position, candidate) in candidates.enumerated() {
                table.append([xName, yName, "\(candidate)", "\(points[position].x)", "\(points[position].y)",
                              frontier.contains(position) ? "true" : "false"] + definition.values(of: candidate))
            }
        }
        return table
    }

    /// The objective of `scenario` with each input moved down and up, on the same streams.
    func sensitivityTable(_ tornado: Sensitivity.Tornado) -> CSVTable {
        var table = CSVTable(header: ["input", "change", "objective_low", "objective_base", "objective_high", "swing"])
        guard let base = tornado.base else { return table }
        for bar in tornado.bars {
            table.append([bar.input.rawValue, "±\(definition.sensitivityChange)", "\(bar.low)", "\(base)", "\(bar.high)", "\(bar.swing)"])
        }
        return table
    }

    func summaryJSON(sensitivity: CSVTable?, warnings: [String] = []) -> Data {
        var object: [String: Any] = [
            "format": "fleetsim.plan/1", "plan_file": definition.file, "scenario_file": definition.scenarioPath,
            "seed": definition.seed, "candidates": search.status.count, "replications_used": search.replicationsUsed,
            "brute_force_replications": search.status.count * definition.maxReplications, "rounds": search.rounds,
            "objective": definition.objective, "minimize": definition.minimize,
            "constraints": definition.constraints.map { c -> [String: Any] in
                var entry: [String: Any] = ["metric": c.metric, "confidence": c.confidence]
                entry["min"] = c.minimum
                entry["max"] = c.maximum
                return entry
            },
        ]
        if !warnings.isEmpty { object["warnings"] = warnings }
        // The units of the metrics the plan names, for reports' axes.
        let named = Set([definition.objective] + definition.constraints.map(\.metric) + definition.paretoPairs.flatMap { [$0.0, $0.1] })
        object["units"] = Dictionary(uniqueKeysWithValues: definition.base.metrics.filter { named.contains($0.name) }.map { ($0.name, $0.unit) })
        if let best = recommended {
            object["recommended"] = ["candidate": best, "values": Dictionary(uniqueKeysWithValues: zip(definition.variables.map(\.name), definition.values(of: best))),
                                     "objective_mean": search.mean(best, objective) ?? NSNull(), "replications": search.results[best].count] as [String: Any]
        } else {
            object["recommended"] = NSNull()
            object["closest"] = closest.map { ["candidate": $0, "values": label($0), "status": status($0)] }
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// When nothing is feasible: the candidates that come closest, by their worst relative shortfall.
    var closest: [Int] {
        func shortfall(_ candidate: Int) -> Double {
            definition.constraints.map { constraint -> Double in
                let metric = metrics.firstIndex(of: constraint.metric)!
                guard let mean = search.mean(candidate, metric) else { return .infinity }
                let below = constraint.minimum.map { max(0, ($0 - mean) / max(abs($0), 1e-12)) } ?? 0
                let above = constraint.maximum.map { max(0, (mean - $0) / max(abs($0), 1e-12)) } ?? 0
                return max(below, above)
            }.max() ?? 0
        }
        return search.status.indices.filter { search.mean($0, objective) != nil }.sorted { (shortfall($0), $0) < (shortfall($1), $1) }.prefix(3).map { $0 }
    }

    func text(directory: String) -> String {
        var lines = ["plan \(definition.file): \(search.status.count) candidates, \(search.replicationsUsed) replications in \(search.rounds) rounds "
                     + "(brute force with \(definition.maxReplications) each: \(search.status.count * definition.maxReplications))"]
        if let best = recommended {
            lines.append("recommended: \(label(best))")
            lines.append("  \(definition.objective) \(describe(best, objective)) (95% CI, \(search.results[best].count) replications)")
            for constraint in definition.constraints {
                let metric = metrics.firstIndex(of: constraint.metric)!
                let target = [constraint.minimum.map { "≥ \(format($0))" }, constraint.maximum.map { "≤ \(format($0))" }].compactMap { $0 }.joined(separator: ", ")
                lines.append("  \(constraint.metric) \(describe(best, metric)) (target \(target) at \(Int(constraint.confidence * 100))% confidence)")
            }
        } else {
            lines.append("no candidate meets every constraint at its confidence level; the closest:")
            for candidate in closest {
                let values = search.settings.constraints.map { "\(metrics[$0.metric]) \(describe(candidate, $0.metric))" }.joined(separator: ", ")
                lines.append("  \(label(candidate)): \(values) — \(status(candidate))")
            }
        }
        lines.append("ranked:")
        for (rank, candidate) in ranked.prefix(10).enumerated() {
            lines.append("  \(rank + 1). \(label(candidate)): \(definition.objective) \(describe(candidate, objective)) — \(status(candidate))")
        }
        lines.append("Results: \(directory)/")
        return lines.joined(separator: "\n")
    }

    func format(_ value: Double) -> String { ResultsOutput.format(value) }
}
