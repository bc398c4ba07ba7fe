import Stochastics
import Testing

@Suite struct PrefetchingSamplerTests {
    /// Families that take one uniform per draw, several, and a varying number (rejection).
    static let distributions: [Distribution] = [
        .exponential(mean: 1000), .weibull(shape: 0.7, scale: 50), .gamma(shape: 2.5, scale: 3),
        .truncatedNormal(mean: 0.5, sd: 2), .empirical(EmpiricalSample([1, 2, 4, 8])),
    ]

    @Test(arguments: distributions)
    func itHandsOutTheDrawsOfTheStreamOnDemand(_ distribution: Distribution) {
        // The oracle: the same stream drawn when asked. A sampler that skipped its first draw,
        // or handed out the one it has just made, would be a draw ahead of it.
        let stream = RandomStream(masterSeed: 7, name: "prefetch.test", replication: 3)
        let onDemand = (0..<200).map { _ in distribution.sample(using: stream) }
        var sampler = PrefetchingSampler(distribution, masterSeed: 7, streamName: "prefetch.test", replication: 3)
        #expect((0..<200).map { _ in sampler.draw() } == onDemand)
    }
}
