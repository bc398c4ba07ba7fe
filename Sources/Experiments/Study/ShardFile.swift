import Foundation
import Reports
import Stochastics

/// One shard's values, as a file: JSON Lines — a header naming the tool version, the round's
/// study hash, the seed, the shard count N and this shard K; then one line per unit it holds
/// (`{"unit": i, "value": …}`, units with `i % N == K`, ascending); then a trailer with the
/// number of units and a checksum of everything before it. Written atomically (temporary file,
/// fsync, rename), so a worker killed mid-shard leaves no shard file, and a file that is there
/// but damaged or truncated fails its checksum.
///
/// Round-robin (`i % N == K`) rather than contiguous blocks: a plan's rounds list candidates in
/// order, and neighbouring candidates tend to cost the same, so round-robin spreads the cost.
public struct ShardFile {
    public struct Header: Codable, Equatable, Sendable {
        public var format = "fleetsim.shard/1"
        public var tool: String
        public var study: String
        public var round: Int
        public var seed: UInt64
        public var shards: Int
        public var shard: Int
        public var units: Int
    }

    struct Trailer: Codable {
        var end: Int
        var checksum: String
    }

    struct Line<Value: Codable>: Codable {
        var unit: Int
        var value: Value
    }

    /// The file of shard `shard` of `shards` for round `round` in `directory`.
    public static func url(in directory: URL, round: Int, shard: Int, of shards: Int) -> URL {
        directory.appendingPathComponent("round-\(round).shard-\(shard)-of-\(shards).jsonl")
    }

    /// The units shard `shard` of `shards` holds, of `count` units.
    public static func units(count: Int, shard: Int, of shards: Int) -> StrideTo<Int> {
        stride(from: shard, to: count, by: shards)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Values are replayed exactly: shortest round-trip decimals, and non-finite ones by name.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()

    /// Writes `values` (the shard's units, in order) atomically and durably; the file's size.
    @discardableResult
    public static func write<Value: Codable>(_ values: [Value], header: Header, to url: URL) throws(StudyError) -> Int {
        var data = Data()
        do {
            data.append(try encoder.encode(header))
            data.append(0x0A)
            for (unit, value) in zip(units(count: header.units, shard: header.shard, of: header.shards), values) {
                data.append(try encoder.encode(Line(unit: unit, value: value)))
                data.append(0x0A)
            }
            data.append(try encoder.encode(Trailer(end: values.count, checksum: data.withUnsafeBytes(Self.checksum))))
            data.append(0x0A)
        } catch {
            throw .shardDirectory(path: url.path, reason: "cannot encode the shard (\(error))")
        }
        do { try AtomicFile.write(data, to: url, durable: true) } catch {
            throw .shardDirectory(path: url.deletingLastPathComponent().path, reason: "cannot write \(url.lastPathComponent): \(error.localizedDescription)")
        }
        return data.count
    }

    /// The values in the file at `url`, checked against the header it should carry; `nil` when
    /// there is no file. A file that is there but unusable is an error naming it and why.
    public static func read<Value: Codable>(_ url: URL, expecting expected: Header, as: Value.Type) throws(StudyError) -> [Value]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        func unusable(_ reason: String) -> StudyError { .unusableShard(path: url.path, reason: reason) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw unusable("cannot read it (\(error.localizedDescription))") }
        // Lines as byte ranges (Data.split goes through a generic, slow path).
        var lines: [Range<Int>] = data.withUnsafeBytes { buffer in
            var ranges: [Range<Int>] = []
            var start = 0
            while start < buffer.count, let base = buffer.baseAddress,
                  let found = memchr(base + start, 0x0A, buffer.count - start) {
                let end = base.distance(to: found)
                ranges.append(start..<end)
                start = end + 1
            }
            ranges.append(start..<buffer.count)
            return ranges
        }
        guard lines.last?.isEmpty == true, lines.count >= 3 else { throw unusable("truncated (no trailer line); delete it and run its shard again") }
        lines.removeLast()
        let header: Header
        do { header = try decoder.decode(Header.self, from: data[lines[0]]) } catch {
            throw unusable("not a FleetSim shard file (its first line is not a shard header)")
        }
        guard header.format == expected.format else { throw unusable("format '\(header.format)', expected '\(expected.format)'") }
        guard header.tool == expected.tool else {
            throw unusable("written by fleetsim \(header.tool); this is \(expected.tool), which may compute other values — run the shard again")
        }
        guard header.study == expected.study, header.round == expected.round, header.seed == expected.seed, header.units == expected.units else {
            throw unusable("from another study (study \(header.study) round \(header.round), seed \(header.seed); expected study \(expected.study) round \(expected.round), seed \(expected.seed)) — use a shard directory per study")
        }
        guard header.shards == expected.shards, header.shard == expected.shard else {
            throw unusable("holds shard \(header.shard) of \(header.shards); expected shard \(expected.shard) of \(expected.shards)")
        }
        let trailer: Trailer
        do { trailer = try decoder.decode(Trailer.self, from: data[lines.removeLast()]) } catch {
            throw unusable("truncated (its last line is not the trailer); delete it and run its shard again")
        }
        let bodyLength = lines.last!.upperBound + 1
        guard data.withUnsafeBytes({ Self.checksum(UnsafeRawBufferPointer(rebasing: $0[..<bodyLength])) }) == trailer.checksum else { throw unusable("damaged (checksum mismatch); delete it and run its shard again") }
        let expectedUnits = Array(units(count: header.units, shard: header.shard, of: header.shards))
        guard trailer.end == expectedUnits.count, lines.count - 1 == expectedUnits.count else {
            throw unusable("holds \(lines.count - 1) units; shard \(header.shard) of \(header.shards) has \(expectedUnits.count)")
        }
        var values: [Value] = []
        values.reserveCapacity(expectedUnits.count)
        for (offset, line) in lines.dropFirst().enumerated() {
            let decoded: Line<Value>
            do { decoded = try decoder.decode(Line<Value>.self, from: data[line]) } catch {
                throw unusable("line \(offset + 2) is not a unit's value (\(error))")
            }
            guard decoded.unit == expectedUnits[offset] else {
                throw unusable("line \(offset + 2) holds unit \(decoded.unit); expected unit \(expectedUnits[offset])")
            }
            values.append(decoded.value)
        }
        return values
    }

    /// FNV-1a of the bytes (StableHash), over a raw buffer: `Data`'s iterator costs more than the hash.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> String {
        StableHash.fnv1a64Hex(bytes)
    }
}
