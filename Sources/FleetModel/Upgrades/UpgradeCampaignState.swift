import SimulationCore

/// One campaign in one replication: where the rollout is, which nodes run the new version, the
/// health gate's evidence, and the record reported at the end.
struct UpgradeCampaignState {
    enum Phase: String {
        case notStarted = "not_started", upgrading, soaking, rollingBack = "rolling_back"
        case completed, rolledBack = "rolled_back", halted
    }

    /// A node out of service for its upgrade (`forward`) or its rollback.
    struct NodeWork {
        var since: SimTime
        var gpusLost: Int
        var forward: Bool
    }

    /// Nodes per wave, the canary first.
    let waves: [[Int32]]
    let isBadVersion: Bool
    /// Per rack type: a node's failure rate under the old version (classes at node or GPU
    /// level), the extra rate a bad version adds, and that extra rate per affected class.
    let baselineRate: [Double]
    let extraRate: [Double]
    let extraClassRates: [[(componentClass: Int, rate: Double)]]

    var phase = Phase.notStarted
    var wave = 0
    var nextNode = 0
    var working: [Int32: NodeWork] = [:]
    var rollbackQueue: [Int32] = []
    var stepPending = false
    var heldUntil = -SimTime.infinity

    var onNewVersion: [Bool]
    var newVersionNodes: [Int32] = []
    /// Each node's index in `newVersionNodes`, or −1.
    var positions: [Int32]
    var baselineRateOnNew = 0.0
    var extraRateOnNew = 0.0
    var extraClock: UInt32 = 0

    /// The gate's evidence since the current wave began: failures on new-version nodes, and
    /// how many the baseline rates expect over the same node-hours.
    var gateFailures = 0
    var gateExpected = 0.0
    var exposureUpdatedAt: SimTime = 0

    var startedAt = SimTime.nan
    var finishedAt = SimTime.nan
    var capacityLostGPUHours = 0.0
    var nodesUpgraded = 0
    var nodesRolledBack = 0
    var incidentsCaused = 0
    var gateChecks = 0
    var failedGateWave = -1
    var holds = 0
    /// Nodes pulling the new image, and their transfers; hours each pull took.
    var pulling: [Int32: FlowID] = [:]
    var imagePullHours: [Double] = []

    init(waves: [[Int32]], isBadVersion: Bool, baselineRate: [Double], extraRate: [Double],
         extraClassRates: [[(componentClass: Int, rate: Double)]], nodeCount: Int) {
        self.waves = waves
        self.isBadVersion = isBadVersion
        self.baselineRate = baselineRate
        self.extraRate = extraRate
        self.extraClassRates = extraClassRates
        onNewVersion = Array(repeating: false, count: nodeCount)
        positions = Array(repeating: -1, count: nodeCount)
    }

    var isActive: Bool { phase == .upgrading || phase == .soaking || phase == .rollingBack }

    /// Brings the gate's expected count up to `now`.
    mutating func accrueExposure(at now: SimTime) {
        gateExpected += baselineRateOnNew * (now - exposureUpdatedAt)
        exposureUpdatedAt = now
    }

    mutating func openGateWindow(at now: SimTime) {
        gateFailures = 0
        gateExpected = 0
        exposureUpdatedAt = now
    }

    mutating func setVersion(ofNode node: Int32, rackType: Int, new: Bool, at now: SimTime) {
        guard onNewVersion[Int(node)] != new else { return }
        accrueExposure(at: now)
        onNewVersion[Int(node)] = new
        let sign = new ? 1.0 : -1.0
        baselineRateOnNew += sign * baselineRate[rackType]
        extraRateOnNew = Swift.max(0, extraRateOnNew + sign * extraRate[rackType])
        if new {
            positions[Int(node)] = Int32(newVersionNodes.count)
            newVersionNodes.append(node)
        } else {
            let position = Int(positions[Int(node)])
            let last = newVersionNodes.removeLast()
            if last != node {
                newVersionNodes[position] = last
                positions[Int(last)] = Int32(position)
            }
            positions[Int(node)] = -1
            if newVersionNodes.isEmpty { baselineRateOnNew = 0; extraRateOnNew = 0 }
        }
    }
}

/// The upgrade campaigns' events.
public enum UpgradeEvent: Sendable {
    /// A campaign may start node upgrades (its start, a window opening, a hold's end).
    case step(CampaignID)
    /// A node's upgrade (or rollback) is done.
    case nodeDone(CampaignID, node: NodeID)
    /// A wave's soak is over: the health gate decides.
    case soakEnded(CampaignID)
    /// A bad version's extra failure (stale unless `clock` matches the campaign's).
    case inducedFailure(CampaignID, clock: UInt32)
}
