import Foundation
@testable import ScenarioLoading
import Stochastics
import Testing

@Suite struct IncidentLogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func timestampsBecomeHoursSinceTheEpoch() {
        #expect(Timestamp.hours("1970-01-01 00:00") == 0)
        #expect(Timestamp.hours("2000-03-01 12:30") == 11_017 * 24 + 12.5)  // 2000 is a leap year
        #expect(Timestamp.hours("3/1/2000 12:30") == Timestamp.hours("2000-03-01T12:30:00"))
        #expect(Timestamp.hours("2000-13-01 00:00") == nil && Timestamp.hours("yesterday") == nil)
    }

    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("incidents-\(UUID()).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func fleetsimLogsAreReadSortedWithOptionalRepairTimes() throws {
        let path = try write("time,node,category,repair_hours\n2024-01-02 00:00,3,Hardware,2.5\n2024-01-01 06:00,1,\"Software, kernel\",\n")
        let records = try IncidentLog.read(path: path, format: .fleetsim)
        #expect(records.map(\.node) == [1, 3])
        #expect(records[0].category == "Software, kernel" && records[0].repairHours == nil)
        #expect(records[1].repairHours == 2.5 && records[1].time - records[0].time == 18)
        let gaps = IncidentLog.timesBetweenFailures(records, per: .system)
        #expect(gaps.gaps == [18] && gaps.zeroGapsDropped == 0)
    }

    @Test(arguments: [
        ("time,node,category\n2024-01-01 00:00,x,Hardware\n", ":2: node 'x' is not a whole number"),
        ("time,node,category\n2024-01-01 00:00,1,Hardware\nsoon,2,Hardware\n", ":3: time 'soon' is not a timestamp"),
        ("time,category\n2024-01-01 00:00,Hardware\n", "has no column 'node'"),
        ("time,node,category,repair_hours\n2024-01-01 00:00,1,Hardware,-3\n", ":2: repair_hours '-3' is not a non-negative number"),
    ])
    func malformedRowsNameTheirLine(_ text: String, _ fragment: String) throws {
        let path = try write(text)
        #expect {
            try IncidentLog.read(path: path, format: .fleetsim)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains(fragment)
        }
    }

    /// Schroeder & Gibson's LANL analysis as re-derived in the reference (§4: system TBF Weibull
    /// shape, MLE with location 0): system 20, 0.65. The fit must land within 2 of its standard
    /// errors or the 0.005 rounding of the published value, whichever is larger.
    @Test func lanlSystem20TimeBetweenFailuresMatchesThePublishedWeibullShape() throws {
        let records = try IncidentLog.read(path: Self.root.appendingPathComponent("scenarios/data/lanl-system-20.csv").path, format: .fleetsim)
        #expect(records.count == 2478)
        let fit = try MaximumLikelihood.fit(.weibull, to: IncidentLog.timesBetweenFailures(records, per: .system).gaps)
        let shape = fit.parameters[0]
        #expect(abs(shape.value - 0.65) < max(2 * shape.standardError, 0.005), "shape \(shape.value) ± \(shape.standardError)")
    }

    /// The reference's lognormal fit to all LANL repairs (§4): σ 1.40, median 64 min.
    @Test func allLanlRepairTimesMatchThePublishedLognormal() throws {
        let source = Self.root.appendingPathComponent("scenarios/data/lanl-failures-1996-2005.csv.xz")
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("lanl-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        let xz = Process()
        xz.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        xz.arguments = ["xz", "-dc", source.path]
        FileManager.default.createFile(atPath: csv.path, contents: nil)
        xz.standardOutput = try FileHandle(forWritingTo: csv)
        try xz.run()
        xz.waitUntilExit()
        try #require(xz.terminationStatus == 0, "xz could not decompress \(source.path)")
        let records = try IncidentLog.read(path: csv.path, format: .lanl)
        #expect(records.count == 23_739)
        let fit = try MaximumLikelihood.fit(.lognormal, to: records.compactMap(\.repairHours).filter { $0 > 0 })
        let medianMinutes = exp(fit.parameters[0].value) * 60
        #expect(abs(fit.parameters[1].value - 1.40) < 0.005, "sigma \(fit.parameters[1].value)")
        #expect(abs(medianMinutes - 64) < 0.5, "median \(medianMinutes) min")
    }
}
