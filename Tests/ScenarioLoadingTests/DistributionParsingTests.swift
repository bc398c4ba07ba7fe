import Foundation
import Units
@testable import ScenarioLoading
import Stochastics
import Testing

@Suite struct DistributionParsingTests {
    let builder = DistributionBuilder(baseDirectory: URL(fileURLWithPath: "/"))

    func parse(_ text: String) throws -> Distribution {
        try builder.build(try DistributionSpec.parse(text))
    }

    @Test func everyFamilyParsesWithUnits() throws {
        #expect(try parse("exponential(mean: 2000h)") == .exponential(mean: 2000))
        #expect(try parse("exponential(rate: 0.5/d)") == .exponential(mean: 48))
        #expect(try parse("weibull(shape: 0.7, scale: 2000h)") == .weibull(shape: 0.7, scale: 2000))
        #expect(try parse("weibull(shape=0.7, scale=2000h)") == .weibull(shape: 0.7, scale: 2000))
        #expect(try parse("lognormal(median: 60min, sigma: 1.25)") == .lognormal(mu: 0, sigma: 1.25))
        #expect(try parse("gamma(shape: 2, scale: 3h)") == .gamma(shape: 2, scale: 3))
        #expect(try parse("gamma(shape: 2, mean: 6h)") == .gamma(shape: 2, scale: 3))
        #expect(try parse("normal(mean: 4h, sd: 30min)") == .truncatedNormal(mean: 4, sd: 0.5))
        #expect(try parse("uniform(min: 1h, max: 3h)") == .uniform(min: 1, max: 3))
        #expect(try parse("deterministic(4h)") == .deterministic(4))
        #expect(try parse("90min") == .deterministic(1.5))
        #expect(try parse("empirical(values: [1h, 30min, 2d])") == .empirical(EmpiricalSample([1, 0.5, 48])))
    }

    @Test func lognormalMeanAndSdFormHasThatMeanAndSd() throws {
        let distribution = try parse("lognormal(mean: 4h, sd: 2h)")
        #expect(abs(distribution.mean - 4) < 1e-12)
        #expect(abs(distribution.variance - 4) < 1e-12)
    }

    @Test func empiricalFromACSVColumn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-csv-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "node,repair_minutes\n1,30\n2,90\n".write(to: directory.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let builder = DistributionBuilder(baseDirectory: directory)
        let distribution = try builder.build(try DistributionSpec.parse("empirical(csv: \"r.csv\", column: repair_minutes, unit: min)"))
        #expect(distribution == .empirical(EmpiricalSample([0.5, 1.5])))

        try "node,repair_minutes\n1,30\n2,soon\n".write(to: directory.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        #expect {
            try builder.build(try DistributionSpec.parse("empirical(csv: bad.csv, column: repair_minutes, unit: min)"))
        } throws: { error in
            (error as! QuantityError).message.contains("bad.csv:3: column 'repair_minutes' is 'soon'")
        }
    }

    @Test(arguments: [
        ("weibull(shape: -0.7, scale: 2000h)", "weibull parameter 'shape' is -0.7; expected a positive number"),
        ("exponential(rate: -2/h)", "expected a positive rate"),
        ("exponential(mean: 20 fortnights)", "unknown unit 'fortnights'"),
        ("weibul(shape: 0.7, scale: 2000h)", "unknown distribution family 'weibul'; did you mean 'weibull'?"),
        ("weibull(shape: 0.7)", "weibull takes (shape, scale); got parameters (shape)"),
        ("weibull(shape: 0.7, scale: 2000h", "is not a distribution"),
        ("weibull(shape 0.7, scale: 2000h)", "weibull takes (shape, scale); got parameters (scale, value)"),
        ("weibull(shape: 0.7,, scale: 2000h)", "malformed arguments"),
        ("uniform(min: 3h, max: 1h)", "expected a duration greater than min"),
    ])
    func badDistributionsSayWhatWasExpected(_ text: String, _ fragment: String) {
        #expect {
            try parse(text)
        } throws: { error in
            (error as! QuantityError).message.contains(fragment)
        }
    }
}
