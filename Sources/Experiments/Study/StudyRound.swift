import Stochastics

/// One unit of a study's work: replication `replication` of variant `variant` (a strategy, a
/// plan candidate, a checkpoint interval, a sensitivity point, or the scenario itself).
public struct StudyUnit: Hashable, Sendable, Codable {
    public var variant: Int
    public var replication: Int

    public init(variant: Int, replication: Int) {
        self.variant = variant
        self.replication = replication
    }
}

/// A batch of units a study needs evaluated before it can decide what to do next: the whole of a
/// `run` or a `compare`, one round of a plan's search, the pilot or the grid of a checkpoint
/// sweep.
///
/// A unit's value is a pure function of the round's definition, the seed and the unit — every
/// variant's replication i draws from the same random streams (common random numbers) — so the
/// units can be computed anywhere, in any order, and folded back in index order. The hash names
/// exactly that function: two rounds with the same hash compute the same values.
public struct StudyRound: Sendable {
    /// What the units compute, as canonical text: the command, the hashes of its inputs and the
    /// options that change results (never the thread count or the output path).
    public var definition: String
    /// One line per variant, saying what it is (`interval 2.5 h`, `racks=16, spares=4`).
    public var variants: [String]
    public var seed: UInt64
    public var units: [StudyUnit]

    public init(definition: String, variants: [String], seed: UInt64, units: [StudyUnit]) {
        self.definition = definition
        self.variants = variants
        self.seed = seed
        self.units = units
    }

    /// Every variant × replications 0..<count, variant-major (the order a local run folds them).
    public init(definition: String, variants: [String], seed: UInt64, replications: Int) {
        self.init(definition: definition, variants: variants, seed: seed,
                  units: variants.indices.flatMap { variant in (0..<replications).map { StudyUnit(variant: variant, replication: $0) } })
    }

    /// `values` of a round built with `init(definition:variants:seed:replications:)`, one array per
    /// variant (its replications in order).
    public static func byVariant<Value>(_ values: [Value], replications: Int) -> [ArraySlice<Value>] {
        stride(from: 0, to: values.count, by: max(replications, 1)).map { values[$0..<min($0 + replications, values.count)] }
    }

    /// Identifies the round's definition, variants, seed and units (16 hex digits).
    public var hash: String {
        var text = "fleetsim.study/1\n\(definition)\nseed \(seed)\n"
        for variant in variants { text += "variant \(variant)\n" }
        for unit in units { text += "\(unit.variant):\(unit.replication)," }
        return StableHash.fnv1a64Hex(text.utf8)
    }
}
