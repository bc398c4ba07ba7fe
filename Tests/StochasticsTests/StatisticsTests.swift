import CGSL
import Foundation
import Stochastics
import Testing

@Suite struct StatisticsTests {
    @Test func tallyAgreesWithGSLOnTheSameData() {
        let data = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
        var tally = Tally()
        data.forEach { tally.add($0) }
        let reference = SampleStatistics(data)
        #expect(tally.count == 11)
        #expect(abs(tally.mean - reference.mean) < 1e-12)
        #expect(abs(tally.variance.squareRoot() - reference.standardDeviation) < 1e-12)
        #expect(tally.min == 1 && tally.max == 9)
        #expect(Tally().meanIfAny == nil)
    }

    @Test func timeWeightedAverageIntegratesPiecewiseConstantValues() {
        // 2 for 3 h, 5 for 1 h, 0 for 4 h: (6 + 5 + 0) / 8.
        var average = TimeWeightedAverage(value: 2, at: 0)
        average.update(to: 5, at: 3)
        average.add(-5, at: 4)
        #expect(abs(average.average(until: 8) - 11.0 / 8) < 1e-12)
        average.restart(at: 8)
        average.update(to: 1, at: 10)
        #expect(abs(average.average(until: 12) - 0.5) < 1e-12)
    }

    @Test func studentTQuantilesComeFromGSL() {
        // t_{0.975, 9} = 2.2621571628 (any t table); large df tends to the normal 1.959964.
        #expect(abs(SampleStatistics.studentT(quantile: 0.975, degreesOfFreedom: 9) - 2.2621571628) < 1e-8)
        #expect(abs(SampleStatistics.studentT(quantile: 0.975, degreesOfFreedom: 100_000) - 1.959964) < 1e-4)
    }

    @Test func confidenceIntervalsCoverTheTrueMeanAtTheirLevel() {
        // 2,000 intervals from 10 normal draws each: coverage of a 95% interval is Binomial(2000,
        // 0.95), so it lies in 0.95 ± 4.5·√(0.95·0.05/2000) = [0.928, 0.972] but for a bug.
        let stream = RandomStream(masterSeed: 5, name: "coverage")
        let normal = Distribution.truncatedNormal(mean: 100, sd: 10)  // truncation mass ~1e-23
        var covered = 0
        for _ in 0..<2000 {
            let sample = (0..<10).map { _ in normal.sample(using: stream) }
            if SampleStatistics(sample).confidenceInterval(level: 0.95)!.contains(100) { covered += 1 }
        }
        let coverage = Double(covered) / 2000
        #expect(coverage > 0.928 && coverage < 0.972, "coverage \(coverage)")
    }

    @Test func singleObservationHasNoInterval() {
        let stats = SampleStatistics([4])
        #expect(stats.halfWidth() == nil && stats.mean == 4 && stats.standardDeviation == 0)
    }

    @Test func quantilesInterpolateBetweenOrderStatistics() {
        let quantiles = Quantiles((1...101).map(Double.init).reversed())
        #expect(quantiles.value(at: 0.5) == 51)
        #expect(quantiles.value(at: 0.9) == 91)
        #expect(quantiles.value(at: 0.99) == 100)
        #expect(quantiles.value(at: 0) == 1 && quantiles.value(at: 1) == 101)
        #expect(Quantiles([]).value(at: 0.5) == nil)
        #expect(Quantiles([1, 2]).value(at: 0.5) == 1.5)
    }
}

@Suite struct PoissonTestTests {
    /// P(X ≥ k) against the series 1 − e^{−μ} Σ_{i<k} μ^i / i!.
    @Test func upperTailMatchesTheSeries() {
        for mean in [0.05, 0.25, 2.4, 30.0] {
            for observed in [1, 2, 5, 40] {
                var term = exp(-mean), below = 0.0
                for i in 0..<observed {
                    below += term
                    term *= mean / Double(i + 1)
                }
                let tail = PoissonTest.upperTail(observed: observed, mean: mean)
                #expect(abs(tail - (1 - below)) < 1e-12 + 1e-9 * tail, "μ \(mean), k \(observed)")
            }
        }
        #expect(PoissonTest.upperTail(observed: 0, mean: 3) == 1)
        #expect(PoissonTest.upperTail(observed: 1, mean: 0) == 0)
    }

    @Test func quantilesAgreeWithGSLsOwnSortOnTiesAndLargeSamples() {
        // The standard library sorts (gsl_sort, a heap sort, was slow on millions of repair
        // times); the order and so every quantile must be GSL's.
        let stream = RandomStream(masterSeed: 5, name: "quantiles.sort")
        var values = (0..<20_000).map { _ in (stream.exponential(mean: 2) * 4).rounded() / 4 }  // many ties
        var gslSorted = values
        gslSorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        let levels = [0, 0.01, 0.5, 0.9, 0.99, 0.999, 1]
        let copied = Quantiles(values)
        var selectedIn = values
        let selected = Quantiles(levels: levels, selectingIn: &selectedIn)
        #expect(selectedIn.sorted() == gslSorted)  // reordered, nothing lost
        for p in levels {
            let gsl = gslSorted.withUnsafeBufferPointer { gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p) }
            #expect(copied.value(at: p) == gsl && selected.value(at: p) == gsl, "quantile \(p)")
        }
    }

    /// Selection on every size up to 40 (odd and even, one and two elements) and every level
    /// that lands on or between each pair of order statistics, against the sorted sample.
    @Test func selectedQuantilesMatchSortedOnesAtEveryIndex() {
        let stream = RandomStream(masterSeed: 6, name: "quantiles.select")
        for count in 1...40 {
            let values = (0..<count).map { _ in Double(stream.index(below: 10)) + stream.uniform() * 0.5 }
            let levels = (0...(2 * (count - 1))).map { Double($0) / Double(max(2 * (count - 1), 1)) }
            var reordered = values
            let selected = Quantiles(levels: levels, selectingIn: &reordered)
            let sorted = Quantiles(values)
            for p in levels { #expect(selected.value(at: p) == sorted.value(at: p), "n \(count), p \(p)") }
        }
        var empty: [Double] = []
        #expect(Quantiles(levels: [0.5], selectingIn: &empty).value(at: 0.5) == nil)
    }
}
