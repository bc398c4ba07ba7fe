import SimulationCore
import Stochastics

/// A rolling upgrade of firmware, a driver or Kubernetes across sites: a canary, then waves of
/// sites, each node drained and upgraded with at most `maxUnavailable` at once, starting only in
/// maintenance windows; after each wave a soak and a health gate, which rolls the version back
/// (or halts) when the upgraded nodes fail more than their baseline allows.
public struct UpgradeCampaign: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Hashable, Sendable { case firmware, driver, kubernetes }

    public var name: String
    public var kind: Kind
    /// When the campaign begins, hours.
    public var start: SimTime
    /// Sites in rollout order (indices into the fleet's sites).
    public var sites: [Int]
    public var sitesPerWave = 1
    /// Nodes of the first site upgraded alone, and soaked, before the first wave (0: none).
    public var canaryNodes = 0
    /// Nodes being upgraded at once.
    public var maxUnavailable = 1
    public var nodeUpgradeTime: Distribution
    /// When node upgrades may start (`nil`: any time). An upgrade that started runs to its end;
    /// a rollback does not wait for a window.
    public var window: WeeklyWindow?
    /// Watch time after each wave (and the canary) before the gate decides.
    public var soak: SimTime = 24
    /// The gate fails when failures on upgraded nodes since the wave began are this unlikely
    /// under the baseline failure rates (one-sided Poisson test); `nil`: no gate.
    public var gateSignificance: Double? = 0.01
    /// On a failed gate: roll every upgraded node back (`true`) or only stop (`false`).
    public var rollback = true
    public var badVersion: BadVersion?
    /// How long a policy's `holdUpgrade` pauses the campaign.
    public var holdDuration: SimTime = 24
    /// The new version's image, gigabytes. With a network in the scenario, each node pulls it
    /// over its site's WAN uplink and spine before its upgrade starts, so a wave is as fast as
    /// the WAN lets it be (rollbacks reuse the old image, already there).
    public var imageGigabytes: Double?

    public init(name: String, kind: Kind, start: SimTime, sites: [Int], nodeUpgradeTime: Distribution) {
        self.name = name
        self.kind = kind
        self.start = start
        self.sites = sites
        self.nodeUpgradeTime = nodeUpgradeTime
    }
}

/// The chance that the new version is bad, and what a bad one does: the listed classes on an
/// upgraded node fail `failureRateMultiplier` times as often (the extra hazard is constant, the
/// class's mean rate times multiplier − 1, on top of its own process).
public struct BadVersion: Hashable, Sendable {
    public var probability: Double
    public var failureRateMultiplier: Double
    /// Component classes (at node or GPU level) the version affects.
    public var componentClasses: [Int]

    public init(probability: Double, failureRateMultiplier: Double, componentClasses: [Int]) {
        self.probability = probability
        self.failureRateMultiplier = failureRateMultiplier
        self.componentClasses = componentClasses
    }
}
