import Foundation
import ScenarioLoading
import Testing

/// Input meant to crash, hang or flood FleetSim: each gets a one-line located error.
@Suite struct HostileInputTests {
    static func write(_ text: String, name: String = "s.yaml") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func error(loading text: String) throws -> String {
        let url = try write(text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        do {
            _ = try ScenarioLoader.load(path: url.path)
            return "loaded"
        } catch {
            return error.description
        }
    }

    /// Nested aliases as mapping keys made Yams' duplicate-key check hash an exponentially large
    /// key (10 levels never finished): refused before composing.
    @Test func aliasesAsKeysAreRefusedBeforeComposing() throws {
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let explicit = bomb + "keys:\n  ? *a12\n  : 1\n  ? *a11\n  : 2\n"
        #expect(try Self.error(loading: explicit).contains(":15:3: explicit mapping keys ('? ...') are not supported"))
        let implicit = bomb + "keys: {*a12 : 1, *a11 : 2}\n"
        #expect(try Self.error(loading: implicit).contains("an alias ('*a12') cannot be a mapping key"))
        let flow = bomb + "[*a12, *a11]: 1\n"
        #expect(try Self.error(loading: flow).contains("a list or mapping cannot be a mapping key"))
    }

    /// The same aliases as values compose at once but expand to 9^12 nodes: refused by count.
    @Test func aliasExpansionIsBounded() throws {
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 { bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n" }
        #expect(try Self.error(loading: bomb).contains("expands through its aliases to more than 1000000 values"))
        // Ordinary anchors and aliases still work, in keys' values and quoted text alike.
        let fine = "name: 'a *b: c'\n# ? not a key *x: y\nx: &d {k: 1}\ny: *d\n"
        #expect(!(try Self.error(loading: fine)).contains("alias"))
    }

    @Test func duplicateKeysAreLocatedNotDumped() throws {
        let message = try Self.error(loading: "name: a\nseed: 1\nname: b\n" + String(repeating: "# padding\n", count: 500))
        #expect(message.contains(":1:1: duplicate key 'name'"), "\(message)")
        #expect(message.count < 200)
    }

    /// A megabyte-long value is not echoed back whole.
    @Test func longValuesAreExcerpted() throws {
        let message = try Self.error(loading: "name: x\nseed: " + String(repeating: "9", count: 1 << 20) + "\n")
        #expect(message.count < 600 && !message.contains(String(repeating: "9", count: 300)), "\(message.count) characters")
        #expect(message.contains("characters left out"))
        #expect(message.hasSuffix("expected a whole number from 0 to \(UInt64.max)"), "\(message)")
    }

    @Test func aFolderOrAMissingFileIsSaidPlainly() throws {
        let url = try Self.write("name: x\n")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        #expect(throws: (any Error).self) { try ScenarioLoader.load(path: url.deletingLastPathComponent().path) }
        do { _ = try ScenarioLoader.load(path: url.deletingLastPathComponent().path) } catch {
            #expect(error.description.hasSuffix("cannot read the scenario file: it is a folder; expected a file"), "\(error)")
            #expect(!error.description.contains("NSCocoaErrorDomain"))
        }
        do { _ = try ScenarioLoader.load(path: url.path + ".missing") } catch {
            #expect(error.description.hasSuffix("cannot read the scenario file: no such file"), "\(error)")
        }
    }

    /// `gpus_per_node: 0` everywhere validated and then trapped in the statistics.
    @Test func aFleetWithoutGPUsIsAnError() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios/mixed-fleet.yaml").standardized
        let text = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: #"gpus_per_node: \d+"#, with: "gpus_per_node: 0", options: .regularExpression)
        let url = path.deletingLastPathComponent().appendingPathComponent(".hostile-\(UUID()).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let (problems, scenario) = ScenarioLoader.validate(path: url.path)
        #expect(scenario == nil)
        #expect(problems.map(\.description).joined().contains("rack_types: the fleet has no GPUs"), "\(problems)")
    }
}
