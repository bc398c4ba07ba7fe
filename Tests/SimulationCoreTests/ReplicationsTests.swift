import SimulationCore
import Stochastics
import Testing

@Suite struct ReplicationsTests {
    @Test func resultsAreInIndexOrderAndIndependentOfThreadCount() {
        let body: @Sendable (Int) -> [Double] = { index in
            let stream = RandomStream(masterSeed: 77, name: "replications.test", replication: index)
            // Uneven work, so that threads finish out of order.
            return (0..<(1000 * (index % 5 + 1))).map { _ in stream.uniform() }.suffix(3)
        }
        let one = Replications.run(count: 23, threads: 1, body)
        let four = Replications.run(count: 23, threads: 4, body)
        #expect(one == four)
        #expect(one.count == 23)
        #expect(Set(one.map { $0[0] }).count == 23)
        #expect(Replications.run(count: 0, threads: 4, body).isEmpty)
    }
}
