/// Max-min fair rates for flows sharing links: the fluid model of TCP-like sharing that SimGrid
/// validated against packet-level simulation (Velho et al., ACM TOMACS 2013).
///
/// Progressive filling: every unfrozen flow's rate rises at the same pace until some link is
/// full; the flows crossing a full link freeze at their rate, and the rest keep rising. The
/// result is the unique allocation in which no flow can gain without taking from a flow that has
/// no more than it. A link of capacity 0 (cut) freezes its flows at rate 0: they stall.
///
/// Cost: O(rounds × (flows × path length + links)), rounds ≤ links; recomputed only when a flow
/// starts or ends or a capacity changes, never per event.
public struct MaxMinFairness {
    /// Scratch space kept between solves, so that a solve allocates nothing once warm.
    private var remaining: [Double] = []
    private var crossing: [Int32] = []
    private var frozen: [Bool] = []
    private var saturated: [Bool] = []

    public init() {}

    /// Fills `rates` (one per flow, in `paths`' order) with the max-min fair allocation over
    /// links of `capacities`; `paths[f]` lists the links flow f crosses. A flow crossing no
    /// link is limited by nothing: its rate is infinite.
    public mutating func solve<Paths: RandomAccessCollection>(capacities: [Double], paths: Paths, rates: inout [Double])
    where Paths.Element: Collection<Int32>, Paths.Index == Int {
        let flowCount = paths.count
        rates.removeAll(keepingCapacity: true)
        rates.append(contentsOf: repeatElement(0, count: flowCount))
        remaining.removeAll(keepingCapacity: true)
        remaining.append(contentsOf: capacities)
        crossing.removeAll(keepingCapacity: true)
        crossing.append(contentsOf: repeatElement(0, count: capacities.count))
        saturated.removeAll(keepingCapacity: true)
        saturated.append(contentsOf: repeatElement(false, count: capacities.count))
        frozen.removeAll(keepingCapacity: true)
        frozen.append(contentsOf: repeatElement(false, count: flowCount))

        var unfrozen = 0
        for flow in 0..<flowCount {
            if paths[paths.startIndex + flow].isEmpty {
                rates[flow] = .infinity
                frozen[flow] = true
            } else {
                unfrozen += 1
                for link in paths[paths.startIndex + flow] { crossing[Int(link)] += 1 }
            }
        }
        while unfrozen > 0 {
            // The largest equal increment every unfrozen flow can take.
            var increment = Double.infinity
            for link in remaining.indices where crossing[link] > 0 {
                increment = min(increment, max(0, remaining[link]) / Double(crossing[link]))
            }
            guard increment.isFinite else {
                for flow in 0..<flowCount where !frozen[flow] { rates[flow] = .infinity }
                break
            }
            for flow in 0..<flowCount where !frozen[flow] { rates[flow] += increment }
            for link in remaining.indices where crossing[link] > 0 {
                remaining[link] -= increment * Double(crossing[link])
                // Full, up to rounding of the repeated subtractions.
                saturated[link] = remaining[link] <= 1e-12 * max(1, capacities[link])
            }
            for flow in 0..<flowCount where !frozen[flow] {
                let path = paths[paths.startIndex + flow]
                guard path.contains(where: { saturated[Int($0)] }) else { continue }
                frozen[flow] = true
                unfrozen -= 1
                for link in path { crossing[Int(link)] -= 1 }
            }
        }
    }
}
