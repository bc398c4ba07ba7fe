@testable import FleetModel
import Testing

/// Progressive filling against allocations worked out by hand.
@Suite struct MaxMinFairnessTests {
    static func rates(_ capacities: [Double], _ paths: [[Int32]]) -> [Double] {
        var solver = MaxMinFairness()
        var rates: [Double] = []
        solver.solve(capacities: capacities, paths: paths, rates: &rates)
        return rates
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    @Test func oneFlowGetsTheLink() {
        #expect(Self.rates([400], [[0]]) == [400])
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func equalFlowsShareALinkEqually(_ n: Int) {
        #expect(Self.close(Self.rates([400], Array(repeating: [0], count: n)), Array(repeating: 400 / Double(n), count: n)))
    }

    /// Three links in a line (capacities 1, 3, 4), a flow on each and one across each adjacent
    /// pair. Link 1 fills first (f0, f1 at 1/2), then link 2 (f2, f3 at 1/2 + 3/4), then f4 takes
    /// what link 3 has left: 4 − 5/4.
    @Test func aTextbookInstanceHasItsAnalyticAllocation() {
        let rates = Self.rates([1, 3, 4], [[0], [0, 1], [1], [1, 2], [2]])
        #expect(Self.close(rates, [0.5, 0.5, 1.25, 1.25, 2.75]), "\(rates)")
        // Every flow crosses a full link on which no flow has more than it (max-min optimality).
        let load = [rates[0] + rates[1], rates[1] + rates[2] + rates[3], rates[3] + rates[4]]
        #expect(Self.close(load, [1, 3, 4]))
    }

    @Test func aCutLinkStallsOnlyItsFlows() {
        #expect(Self.rates([0, 10], [[0], [0, 1], [1]]) == [0, 0, 10])
    }

    @Test func aFlowOnNoLinkIsUnbounded() {
        #expect(Self.rates([10], [[], [0]]) == [.infinity, 10])
    }
}

/// The flow network between changes: remaining sizes fall at the fair rates, and a flow that
/// joins or leaves changes the others' completion times piecewise.
@Suite struct FlowNetworkTests {
    /// One link of 10 Gb/s. A moves 100 Gb from t = 0; B (30 Gb) joins at 4 s. Both get 5 Gb/s:
    /// B ends at 10 s, when A has 30 Gb left, which it moves alone by 13 s.
    @Test func aJoiningFlowDelaysTheOtherAsThePiecewiseAnswerSays() throws {
        let second = 1.0 / 3600
        var network = FlowNetwork(configuration: NetworkConfiguration(sites: [
            .init(spineGbps: 10, storageGbps: 1e6, wanGbps: 1e6, latencySeconds: 0),
        ]))
        let spine = LinkPath([Int32(NetworkConfiguration.link(site: 0, kind: .spine))])
        let a = network.open(path: spine, gigabits: 100, purpose: .checkpoint(JobID(0), generation: 0), at: 0)
        network.reallocate(at: 0)
        var ends = network.completions
        #expect(abs(try #require(ends.first { $0.0 == a }).1 - 10 * second) < 1e-15)

        network.advance(to: 4 * second)
        let b = network.open(path: spine, gigabits: 30, purpose: .checkpoint(JobID(1), generation: 0), at: 4 * second)
        network.reallocate(at: 4 * second)
        ends = network.completions
        #expect(abs(try #require(ends.first { $0.0 == b }).1 - 6 * second) < 1e-12)
        #expect(abs(try #require(ends.first { $0.0 == a }).1 - 12 * second) < 1e-12, "60 Gb left at 5 Gb/s")

        network.advance(to: 10 * second)
        _ = network.close(b)
        network.recordCheckpoint(hours: 6 * second, uncontendedHours: 3 * second)
        network.reallocate(at: 10 * second)
        ends = network.completions
        #expect(abs(try #require(ends.first { $0.0 == a }).1 - 3 * second) < 1e-12, "30 Gb left at 10 Gb/s")
        #expect(abs(network.carriedGigabits[Int(spine[0])] - 100) < 1e-9)
        #expect(network.slowedCheckpoints == 1, "B ran at half speed")
    }

    /// One of four spine switches down leaves three quarters of the spine.
    @Test func aFailedSwitchRemovesItsShare() {
        var network = FlowNetwork(configuration: NetworkConfiguration(sites: [
            .init(spineGbps: 400, storageGbps: 100, wanGbps: 10, latencySeconds: 0),
        ]))
        let spine = NetworkConfiguration.link(site: 0, kind: .spine)
        network.changeCapacity(of: spine, share: 1.0 / 4, down: true)
        #expect(network.capacityGbps[spine] == 300)
        network.changeCapacity(of: spine, share: 1.0 / 4, down: true)
        #expect(network.capacityGbps[spine] == 200)
        // A degraded optic on a third switch: half of its quarter.
        network.changeCapacity(of: spine, share: 0.5 / 4, down: true)
        #expect(network.capacityGbps[spine] == 150)
        network.changeCapacity(of: spine, share: 1.0 / 4, down: false)
        network.changeCapacity(of: spine, share: 0.5 / 4, down: false)
        network.changeCapacity(of: spine, share: 1.0 / 4, down: false)
        #expect(network.capacityGbps[spine] == 400 && network.capacityLosses[spine] == 3)
    }
}
