@testable import FleetModel
import Stochastics
import Testing

@Suite struct HostLayoutTests {
    /// The layout written out in full, and the rule it must agree with: k when host[i] = i ÷ k
    /// for every instance i.
    private static func expected(_ placements: [(instances: Int, host: Int)]) -> (perHost: Int32, hosts: [Int32]) {
        let hosts = placements.flatMap { repeatElement(Int32($0.host), count: $0.instances) }
        guard let last = hosts.last, hosts.count % (Int(last) + 1) == 0 else { return (0, hosts) }
        let perHost = hosts.count / (Int(last) + 1)
        return hosts.indices.allSatisfy { Int(hosts[$0]) == $0 / perHost } ? (Int32(perHost), []) : (0, hosts)
    }

    private static func laidOut(_ placements: [(instances: Int, host: Int)]) -> (perHost: Int32, hosts: [Int32]) {
        var layout = HostLayout()
        for placement in placements { layout.place(placement.instances, onHost: placement.host) }
        #expect(layout.count == placements.reduce(0) { $0 + $1.instances })
        return layout.finished()
    }

    @Test func namedLayouts() {
        let cases: [(String, [(instances: Int, host: Int)])] = [
            ("empty", []),
            ("one per host", [(1, 0), (1, 1), (1, 2)]),
            ("four per host", [(4, 0), (4, 1)]),
            ("one host", [(3, 0)]),
            ("a host in two placements", [(2, 0), (2, 0), (1, 1), (3, 1)]),
            ("a host skipped", [(2, 0), (2, 2)]),
            ("first host not 0", [(2, 1), (2, 2)]),
            ("last host short", [(2, 0), (2, 1), (1, 2)]),
            ("a host over", [(2, 0), (3, 1), (2, 2)]),
            ("empty placements", [(0, 0), (2, 0), (0, 1), (2, 1)]),
        ]
        for (name, placements) in cases {
            let got = Self.laidOut(placements), want = Self.expected(placements)
            #expect(got.perHost == want.perHost && got.hosts == want.hosts, "\(name)")
        }
    }

    /// Random placements in host order (as the topology makes them: hosts never go back, but may
    /// repeat or be skipped), most of them regular.
    @Test func randomLayoutsAgreeWithTheRule() {
        let stream = RandomStream(masterSeed: 23, name: "hosts")
        for trial in 0..<500 {
            let perHost = 1 + stream.index(below: 4)
            var placements: [(instances: Int, host: Int)] = []
            var host = 0
            for _ in 0..<stream.index(below: 12) {
                switch stream.index(below: 20) {
                case 0: placements.append((stream.index(below: 5), host))          // uneven
                case 1: host += 2; placements.append((perHost, host))              // skip
                case 2: placements.append((1, host)); placements.append((perHost - 1, host))  // split
                default: placements.append((perHost, host))
                }
                host += 1
            }
            let got = Self.laidOut(placements), want = Self.expected(placements)
            #expect(got.perHost == want.perHost && got.hosts == want.hosts, "trial \(trial): \(placements)")
        }
    }
}
