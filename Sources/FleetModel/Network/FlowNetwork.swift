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
        case checkpoint(job: Int32, generation: UInt32)
    }

    struct Flow {
        var path: [Int32]
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
    /// Instances of each link's failure class that are down, per link.
    private var linkDown: [Int]
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
    /// Completed transfers: hours each took, and how many took longer than alone on the network.
    private(set) var transferHours: [Double] = []
    private(set) var slowedTransfers = 0

    init(configuration: NetworkConfiguration?) {
        nominalGbps = configuration?.capacities ?? []
        capacityGbps = nominalGbps
        linkDown = Array(repeating: 0, count: nominalGbps.count)
        usedGbps = Array(repeating: TimeWeightedAverage(), count: nominalGbps.count)
        saturatedHours = Array(repeating: 0, count: nominalGbps.count)
        carriedGigabits = Array(repeating: 0, count: nominalGbps.count)
        capacityLosses = Array(repeating: 0, count: nominalGbps.count)
        saturated = Array(repeating: false, count: nominalGbps.count)
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
            for link in flows[id.index].path { carriedGigabits[Int(link)] += moved }
        }
        for link in saturated.indices where saturated[link] { saturatedHours[link] += elapsed }
        lastAdvance = now
    }

    /// Opens a transfer of `gigabits` over `path` (call `reallocate` after).
    mutating func open(path: [Int32], gigabits: Double, purpose: Purpose, at now: SimTime) -> FlowID {
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

    /// Ends a transfer (done or abandoned), returning its pending completion to cancel; a
    /// finished one is recorded (call `reallocate` after).
    mutating func close(_ id: FlowID, finished: Bool, at now: SimTime) -> EventHandle? {
        let flow = flows[id.index]
        if finished {
            let hours = now - flow.startedAt
            transferHours.append(hours)
            if hours > flow.uncontendedHours * (1 + 1e-9) + 1e-12 { slowedTransfers += 1 }
        }
        flows[id.index].isActive = false
        flows[id.index].completion = nil
        active.removeAll { $0 == id }
        freeSlots.append(id.rawValue)
        return flow.completion
    }

    /// A failure took (or a repair returned) one of `instances` equal shares of a link.
    mutating func changeCapacity(of link: Int, instances: Int, down: Bool) {
        linkDown[link] += down ? 1 : -1
        if down { capacityLosses[link] += 1 }
        let share = instances > 0 ? Double(max(0, instances - linkDown[link])) / Double(instances) : 1
        capacityGbps[link] = nominalGbps[link] * share
    }

    /// Recomputes every active flow's rate; returns, per active flow, the hours until it
    /// completes at that rate (infinite when stalled).
    mutating func reallocate(at now: SimTime) -> [(FlowID, Double)] {
        solver.solve(capacities: capacityGbps, paths: active.map { flows[$0.index].path }, rates: &rates)
        var used = Array(repeating: 0.0, count: nominalGbps.count)
        var completions: [(FlowID, Double)] = []
        completions.reserveCapacity(active.count)
        for (position, id) in active.enumerated() {
            let rate = rates[position]
            flows[id.index].rate = rate
            flows[id.index].generation &+= 1
            for link in flows[id.index].path where rate.isFinite { used[Int(link)] += rate }
            let remaining = flows[id.index].remainingGigabits
            completions.append((id, rate > 0 ? remaining / rate / 3600 : .infinity))
        }
        for link in used.indices {
            usedGbps[link].update(to: used[link], at: now)
            saturated[link] = used[link] > 0 && used[link] >= capacityGbps[link] * (1 - 1e-9)
        }
        return completions
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
        transferHours = []
        slowedTransfers = 0
    }
}

/// The network's events.
public enum NetworkEvent: Sendable {
    /// A transfer completes (stale unless `generation` matches: its rate changed since).
    case transferDone(FlowID, generation: UInt32)
}
