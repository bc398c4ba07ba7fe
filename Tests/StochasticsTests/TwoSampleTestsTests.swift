import Foundation
import Stochastics
import Testing

/// The two-sample tests: statistics checked against SciPy 1.17.1 on one small pair of samples
/// (an independent implementation), and the tests' error rates on draws whose truth is known.
@Suite struct TwoSampleTestsTests {
    static let a = [0.3, 1.2, 2.5, 0.7, 3.1, 0.05], b = [1.9, 4.2, 0.8, 5.5, 2.2]

    @Test func statisticsMatchAnIndependentImplementation() {
        // scipy.stats.ks_2samp(a, b).statistic == 0.5;
        // scipy.stats._morestats._anderson_ksamp_right (Scholz–Stephens A²kN) == 1.4258201058201059.
        #expect(TwoSampleTests.kolmogorovSmirnov(Self.a, Self.b) == 0.5)
        #expect(abs(TwoSampleTests.andersonDarling(Self.a, Self.b) - 1.4258201058201059) < 1e-12)
        #expect(TwoSampleTests.kolmogorovSmirnov(Self.a, Self.a) == 0 && TwoSampleTests.kolmogorovSmirnov(Self.b, Self.a) == 0.5)
    }

    static func exponential(_ count: Int, mean: Double, stream: RandomStream) -> [Double] {
        (0..<count).map { _ in stream.exponential(mean: mean) }
    }

    /// The rank-based permutation p-value equals the generic one (same relabellings), with and
    /// without ties, and its statistic equals `andersonDarling`.
    @Test func rankPermutationEqualsTheGenericOne() {
        for (seed, decimals) in [(1, 6.0), (2, 0.0), (3, 1.0)] {
            let stream = RandomStream(masterSeed: UInt64(seed), name: "ranks")
            let scale = pow(10.0, decimals)
            let x = Self.exponential(60, mean: 3, stream: stream).map { ($0 * scale).rounded() / scale }
            let y = Self.exponential(90, mean: 3.5, stream: stream).map { ($0 * scale).rounded() / scale }
            let generic = TwoSampleTests.permutationPValue(x, y, permutations: 199, stream: RandomStream(masterSeed: 9, name: "p"),
                                                           statistic: TwoSampleTests.andersonDarling)
            let ranked = TwoSampleTests.andersonDarlingPValue(x, y, permutations: 199, stream: RandomStream(masterSeed: 9, name: "p"))
            #expect(generic == ranked, "seed \(seed), \(decimals) decimals: generic \(generic), by ranks \(ranked)")
            #expect(generic > 0.005 && generic < 1, "a p-value that tells something: \(generic)")
        }
        #expect(TwoSampleTests.andersonDarlingPValue(Self.a, Self.b, permutations: 999, stream: RandomStream(masterSeed: 1, name: "p"))
                == TwoSampleTests.permutationPValue(Self.a, Self.b, permutations: 999, stream: RandomStream(masterSeed: 1, name: "p"),
                                                    statistic: TwoSampleTests.andersonDarling))
    }

    /// Same distribution: each test rejects at 5% in about 5% of the pairs (bound: 5% + 3
    /// binomial standard errors; 400 pairs); different means (1 against 1.8, 150 draws each):
    /// rejected in at least 90%.
    @Test func errorRatesOnKnownTruth() {
        let pairs = 400
        var ksFalse = 0, adFalse = 0, ksPower = 0, adPower = 0
        for seed in 0..<pairs {
            let stream = RandomStream(masterSeed: UInt64(seed), name: "two-sample")
            let x = Self.exponential(150, mean: 1, stream: stream), y = Self.exponential(150, mean: 1, stream: stream)
            let z = Self.exponential(150, mean: 1.8, stream: stream)
            if TwoSampleTests.kolmogorovSmirnovPValue(TwoSampleTests.kolmogorovSmirnov(x, y), counts: 150, 150) < 0.05 { ksFalse += 1 }
            if TwoSampleTests.kolmogorovSmirnovPValue(TwoSampleTests.kolmogorovSmirnov(x, z), counts: 150, 150) < 0.05 { ksPower += 1 }
            let permutations = RandomStream(masterSeed: UInt64(seed), name: "permutations")
            if TwoSampleTests.andersonDarlingPValue(x, y, permutations: 99, stream: permutations) < 0.05 { adFalse += 1 }
            if TwoSampleTests.andersonDarlingPValue(x, z, permutations: 99, stream: permutations) < 0.05 { adPower += 1 }
        }
        #expect(Double(ksFalse) / Double(pairs) <= 0.05 + 3 * (0.05 * 0.95 / Double(pairs)).squareRoot(), "KS false rejections \(ksFalse)")
        #expect(Double(adFalse) / Double(pairs) <= 0.05 + 3 * (0.05 * 0.95 / Double(pairs)).squareRoot(), "AD false rejections \(adFalse)")
        #expect(Double(ksPower) / Double(pairs) >= 0.9 && Double(adPower) / Double(pairs) >= 0.9, "power: KS \(ksPower)/\(pairs), AD \(adPower)/\(pairs)")
    }
}
