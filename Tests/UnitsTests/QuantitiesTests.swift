import Testing
import Units

@Suite struct QuantitiesTests {
    @Test(arguments: [
        ("2000h", 2000.0), ("30min", 0.5), ("30 min", 0.5), ("90s", 0.025), ("2d", 48),
        ("1w", 168), ("5y", 43_800), ("1.5 hours", 1.5), ("1e3h", 1000),
    ])
    func durationsConvertToHours(_ text: String, _ hours: Double) throws {
        #expect(abs(try Quantities.duration(text) - hours) < 1e-12)
    }

    @Test func ratesConvertToEventsPerHour() throws {
        #expect(try Quantities.rate("0.5/h") == 0.5)
        #expect(abs(try Quantities.rate("3/y") - 3.0 / 8760) < 1e-15)
    }

    @Test(arguments: [
        ("2000", "has no unit"), ("2000 parsecs", "unknown unit 'parsecs'"), ("abc", "not a duration"),
        ("", "not a duration"),
    ])
    func badDurationsSayWhy(_ text: String, _ fragment: String) {
        #expect {
            try Quantities.duration(text)
        } throws: { error in
            (error as! QuantityError).message.contains(fragment)
        }
    }
}
