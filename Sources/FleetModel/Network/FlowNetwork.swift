import SimulationCore
import Stochastics

/// Transfers in progress over the network's links, as fluid flows: each moves at its max-min
/// fair rate, which changes only when a flow starts or ends or a link's capacity changes. In
/// between, remaining sizes fall linearly, so the network is advanced lazily to the time of the
/// next change and every flow's completion is rescheduled then.
///
/// Sizes are in gigabits, rates in Gb/s, times in hours (the simulator's unit).
struct FlowNetwork {
    /// What a transfer is for, so that its end reaches its owner.
    enum Purpose: Equatable {
        /// A training job's checkpoint (stale unless the job's generation still matches).
        case checkpoint(JobID, generation: UInt32)
        /// An inference replica's weights, for the replica whose first node is `node`.
        case replicaWeights(ServiceID, node: NodeID)
        /// A node's new image for an upgrade campaign.
        case upgradeImage(CampaignID, node: NodeID)
        /// An incident's alert on its way to the management plane.
        case alert(IncidentID)
    }

    struct Flow {
        var path: LinkPath
        var remainingGigabits: Double
        var rate: Double = 0
        let startedAt: SimTime
        /// Its duration alone on its path at nominal capacities, hours.
        let uncontendedHours: Double
        let purpose: Purpose
        var completion: EventHandle?
        /// Bumped whenever the completion is rescheduled: a completion event is stale otherwise.
        var generation: UInt32 = 0
        var isActive = true
    }

    let nominalGbps: [Double]
    private(set) var capacityGbps: [Double]
    /// The share of each link's capacity its failed components hold, per link.
    private var lostShare: [Double]
    private(set) var flows: [Flow] = []
    private var freeSlots: [Int32] = []
    private(set) var active: [FlowID] = []
    private var lastAdvance: SimTime = 0
    private var solver = MaxMinFairness()
    private var rates: [Double] = []

    // Observations since the warm-up.
    private(set) var usedGbps: [TimeWeightedAverage]
    private(set) var saturatedHours: [Double]
    private(set) var carriedGigabits: [Double]
    private(set) var capacityLosses: [Int]
    private var saturated: [Bool]
    /// Data moved over each link since time 0 (not reset at the warm-up), for the samples.
    private var lifetimeGigabits: [Double]
    /// Per sample: its time, and each link's mean used Gb/s since the previous sample.
    private(set) var samples: [(time: SimTime, meanUsedGbps: [Double], capacityGbps: [Double])] = []
    private var lastSample: (time: SimTime, gigabits: [Double]) = (0, [])
    /// Links carrying some flow since the last reallocation: the only ones whose records move,
    /// so that a capacity change with few flows costs little in a fleet of many links.
    private var linksInUse: [Int32] = []
    /// Scratch: each link's index among the links the active flows cross (−1 if none).
    private var compactIndex: [Int32]
    private var compactLinks: [Int32] = []
    private var compactCapacities: [Double] = []
    private var compactPaths: [LinkPath] = []
    private var used: [Double] = []
    /// Filled by `reallocate`: per active flow, the hours until it completes.
    private(set) var completions: [(id: FlowID, hours: Double)] = []
    /// Completed checkpoint transfers: hours each took, and how many took longer than alone on
    /// the intact network.
    private(set) var checkpointHours: [Double] = []
    private(set) var slowedCheckpoints = 0

    init(configuration: NetworkConfiguration?) {
        nominalGbps = configuration?.capacities ?? []
        capacityGbps = nominalGbps
        lostShare = Array(repeating: 0, count: nominalGbps.count)
        usedGbps = Array(repeating: TimeWeightedAverage(), count: nominalGbps.count)
        saturatedHours = Array(repeating: 0, count: nominalGbps.count)
        carriedGigabits = Array(repeating: 0, count: nominalGbps.count)
        capacityLosses = Array(repeating: 0, count: nominalGbps.count)
        saturated = Array(repeating: false, count: nominalGbps.count)
        compactIndex = Array(repeating: -1, count: nominalGbps.count)
        lifetimeGigabits = Array(repeating: 0, count: nominalGbps.count)
        lastSample = (0, lifetimeGigabits)
    }

    /// Records each link's mean load since the previous sample. Reads the flows in progress
    /// without advancing them, so that sampling never touches the simulation's arithmetic.
    mutating func sample(at now: SimTime) {
        var moved = lifetimeGigabits
        let pending = now - lastAdvance
        if pending > 0 {
            for id in active where flows[id.index].rate.isFinite {
                for link in flows[id.index].path { moved[Int(link)] += flows[id.index].rate * pending * 3600 }
            }
        }
        let hours = now - lastSample.time
        let mean = moved.indices.map { hours > 0 ? (moved[$0] - lastSample.gigabits[$0]) / (hours * 3600) : 0 }
        if now > 0 { samples.append((now, mean, capacityGbps)) }
        lastSample = (now, moved)
    }

    subscript(id: FlowID) -> Flow { flows[id.index] }

    /// Brings remaining sizes and the links' records forward to `now` at the current rates.
    mutating func advance(to now: SimTime) {
        let elapsed = now - lastAdvance
        guard elapsed > 0 else { return }
        for id in active {
            let moved = flows[id.index].rate * elapsed * 3600
            guard moved.isFinite else { continue }
            flows[id.index].remainingGigabits = max(0, flows[id.index].remainingGigabits - moved)
            for link in flows[id.index].path {
                carriedGigabits[Int(link)] += moved
                lifetimeGigabits[Int(link)] += moved
            }
        }
        for link in linksInUse where saturated[Int(link)] { saturatedHours[Int(link)] += elapsed }
        lastAdvance = now
    }

    /// Opens a transfer of `gigabits` over `path` (call `reallocate` after).
    mutating func open(path: LinkPath, gigabits: Double, purpose: Purpose, at now: SimTime) -> FlowID {
        let bottleneck = path.map { nominalGbps[Int($0)] }.min() ?? .infinity
        let flow = Flow(path: path, remainingGigabits: gigabits, startedAt: now,
                        uncontendedHours: gigabits / bottleneck / 3600, purpose: purpose)
        let id: FlowID
        if let slot = freeSlots.popLast() {
            flows[Int(slot)] = flow
            id = FlowID(rawValue: slot)
        } else {
            flows.append(flow)
            id = FlowID(flows.count - 1)
        }
        active.append(id)
        return id
    }

    /// Ends a transfer (done or abandoned), returning its pending completion to cancel (call
    /// `reallocate` after).
    mutating func close(_ id: FlowID) -> EventHandle? {
        let flow = flows[id.index]
        flows[id.index].isActive = false
        flows[id.index].completion = nil
        if let position = active.firstIndex(of: id) { active.remove(at: position) }
        freeSlots.append(id.rawValue)
        return flow.completion
    }

    /// A failure took (or its repair returned) `share` of a link's capacity: one of n equal
    /// switches, 1/n; a degraded optic of one of them, part of that.
    mutating func changeCapacity(of link: Int, share: Double, down: Bool) {
        lostShare[link] += down ? share : -share
        if abs(lostShare[link]) < 1e-12 { lostShare[link] = 0 }  // (rounding of repeated sums)
        if down { capacityLosses[link] += 1 }
        capacityGbps[link] = nominalGbps[link] * max(0, 1 - lostShare[link])
    }

    /// Recomputes every active flow's rate and fills `completions`: per active flow, the hours
    /// until it completes at that rate (infinite when stalled). Costs O(flows × path length +
    /// links they cross), whatever the fleet's number of links, and allocates nothing once warm.
    mutating func reallocate(at now: SimTime) {
        // The links the active flows cross, numbered compactly for the solver.
        compactLinks.removeAll(keepingCapacity: true)
        compactCapacities.removeAll(keepingCapacity: true)
        compactPaths.removeAll(keepingCapacity: true)
        for id in active {
            var path = flows[id.index].path
            for position in path.indices {
                let link = Int(path[position])
                if compactIndex[link] < 0 {
                    compactIndex[link] = Int32(compactLinks.count)
                    compactLinks.append(Int32(link))
                    compactCapacities.append(capacityGbps[link])
                }
                path[position] = compactIndex[link]
            }
            compactPaths.append(path)
        }
        solver.solve(capacities: compactCapacities, paths: compactPaths, rates: &rates)
        used.removeAll(keepingCapacity: true)
        used.append(contentsOf: repeatElement(0, count: compactLinks.count))
        completions.removeAll(keepingCapacity: true)
        for (position, id) in active.enumerated() {
            let rate = rates[position]
            flows[id.index].rate = rate
            flows[id.index].generation &+= 1
            if rate.isFinite { for link in compactPaths[position] { used[Int(link)] += rate } }
            let remaining = flows[id.index].remainingGigabits
            completions.append((id, rate > 0 ? remaining / rate / 3600 : .infinity))
        }
        // Links no flow crosses any more fall idle; the others carry their new load.
        for link in linksInUse where compactIndex[Int(link)] < 0 {
            usedGbps[Int(link)].update(to: 0, at: now)
            saturated[Int(link)] = false
        }
        for (compact, link) in compactLinks.enumerated() {
            usedGbps[Int(link)].update(to: used[compact], at: now)
            saturated[Int(link)] = used[compact] > 0 && used[compact] >= capacityGbps[Int(link)] * (1 - 1e-9)
            compactIndex[Int(link)] = -1
        }
        swap(&linksInUse, &compactLinks)
    }

    /// A checkpoint transfer ended after `hours`; alone on the intact network it takes `uncontendedHours`.
    mutating func recordCheckpoint(hours: Double, uncontendedHours: Double) {
        checkpointHours.append(hours)
        if hours > uncontendedHours * (1 + 1e-9) + 1e-12 { slowedCheckpoints += 1 }
    }

    /// A link carrying more than its capacity, if any (rates are refreshed at every change, so
    /// this holds between any two events).
    func overloadedLink() -> String? {
        var load = Array(repeating: 0.0, count: capacityGbps.count)
        for id in active where flows[id.index].rate.isFinite {
            for link in flows[id.index].path { load[Int(link)] += flows[id.index].rate }
        }
        for link in load.indices where load[link] > capacityGbps[link] * (1 + 1e-9) + 1e-9 {
            return "link \(link) carries \(load[link]) Gb/s over its capacity \(capacityGbps[link])"
        }
        return nil
    }

    mutating func setCompletion(_ id: FlowID, _ handle: EventHandle?) { flows[id.index].completion = handle }

    /// Forgets the warm-up's observations.
    mutating func restartStatistics(at now: SimTime) {
        for link in usedGbps.indices {
            usedGbps[link].restart(at: now)
            saturatedHours[link] = 0
            carriedGigabits[link] = 0
            capacityLosses[link] = 0
        }
        checkpointHours = []
        slowedCheckpoints = 0
    }
}

/// The network's events.
public enum NetworkEvent: Sendable {
    /// A transfer completes (stale unless `generation` matches: its rate changed since).
    case transferDone(FlowID, generation: UInt32)
}
