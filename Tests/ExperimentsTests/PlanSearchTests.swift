import Experiments
import Foundation
import ScenarioLoading
import SimulationCore
import Testing

/// The plan search against brute force, and plans that cannot be met.
@Suite struct PlanSearchTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load(_ name: String) throws -> (PlanDefinition, [Scenario], PlanSearch.Settings) {
        let definition = try PlanLoader.load(path: fixtures.appendingPathComponent(name).path)
        let scenarios = try (0..<definition.candidateCount).map { try definition.scenario(of: $0) }
        let metrics = definition.base.metrics.map(\.name)
        let settings = PlanSearch.Settings(
            objective: metrics.firstIndex(of: definition.objective)!, minimize: definition.minimize,
            constraints: definition.constraints.map {
                .init(metric: metrics.firstIndex(of: $0.metric)!, minimum: $0.minimum, maximum: $0.maximum, confidence: $0.confidence)
            },
            screening: definition.screeningReplications, maxReplications: definition.maxReplications, budget: definition.budget)
        return (definition, scenarios, settings)
    }

    static func evaluate(_ scenarios: [Scenario], seed: UInt64) -> ([StudyUnit]) -> [[Double?]] {
        { batch in
            Replications.run(count: batch.count, threads: 2) { scenarios[batch[$0].variant].replicate(batch[$0].replication, seed: seed).values }
        }
    }

    /// Brute force runs every candidate for the maximum replications and takes the cheapest one
    /// that meets the constraint at 95%; the search finds the same plan with fewer replications.
    @Test func theSearchFindsTheBruteForceWinnerWithFewerReplications() throws {
        let (definition, scenarios, settings) = try Self.load("small-plan.yaml")
        var search = PlanSearch(candidates: scenarios.count, invalid: [:], settings: settings)
        search.run(evaluate: Self.evaluate(scenarios, seed: definition.seed))

        // Brute force: every candidate screened with the maximum at once, nothing dropped early.
        let total = scenarios.count * definition.maxReplications
        var brute = PlanSearch(candidates: scenarios.count, invalid: [:], settings: .init(
            objective: settings.objective, minimize: true, constraints: settings.constraints,
            screening: definition.maxReplications, maxReplications: definition.maxReplications, budget: total))
        brute.run(evaluate: Self.evaluate(scenarios, seed: definition.seed))
        let feasible = (0..<scenarios.count).filter { brute.feasibility($0) == .feasible }
        let bruteBest = feasible.min { brute.mean($0, settings.objective)! < brute.mean($1, settings.objective)! }

        let searchBest = search.best(among: (0..<scenarios.count).filter { search.status[$0] == .contender && search.feasibility($0) == .feasible })
        #expect(bruteBest != nil)
        #expect(searchBest == bruteBest, "search \(String(describing: searchBest)) vs brute force \(String(describing: bruteBest))")
        #expect(brute.replicationsUsed == scenarios.count * definition.maxReplications)
        #expect(search.replicationsUsed < brute.replicationsUsed / 2, "\(search.replicationsUsed) vs \(brute.replicationsUsed)")
    }

    /// Same seed, same decisions: two searches use the same replications and keep the same statuses.
    @Test func theSearchIsDeterministic() throws {
        let (definition, scenarios, settings) = try Self.load("small-plan.yaml")
        var a = PlanSearch(candidates: scenarios.count, invalid: [:], settings: settings)
        var b = a
        a.run(evaluate: Self.evaluate(scenarios, seed: definition.seed))
        b.run(evaluate: Self.evaluate(scenarios, seed: definition.seed))
        #expect(a.status == b.status && a.results == b.results)
    }

    @Test func paretoFrontierKeepsTheUndominated() {
        let points: [(x: Double, y: Double)] = [(1, 0.9), (2, 0.95), (3, 0.94), (2, 0.99), (4, 0.99)]
        #expect(Pareto.frontier(points, maximizeY: true) == [0, 3])
        #expect(Pareto.frontier(points, maximizeY: false) == [0])
    }
}
