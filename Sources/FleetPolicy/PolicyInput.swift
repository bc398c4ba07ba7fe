import Foundation

/// Everything a policy engine is told, in order: signals, and the outcomes of its actions. A
/// host that records its inputs can replay them into another host (the agent replays the
/// simulator's) and must get the same actions — the parity the tests check.
///
/// One JSON object per line:
///
///     {"type": "signal", "time": 12.5, "signal": "GPUFellOffBus", "labels": {"node": "n3"}, "firing": true}
///     {"type": "outcome", "time": 12.6, "id": 3, "outcome": "succeeded"}
///
/// `time` is an RFC 3339 time (`"2026-11-30T04:12:33Z"`) or a number of hours (simulated, or
/// since the Unix epoch: how recordings keep it); `firing` defaults to true; `outcome` is
/// `succeeded`, `failed` or `timed_out`.
public enum PolicyInput: Hashable, Sendable {
    case signal(Signal)
    case outcome(id: Int, outcome: ActionOutcome, time: Double)

    public var time: Double {
        switch self {
        case .signal(let signal): signal.time
        case .outcome(_, _, let time): time
        }
    }

    /// The input on one line, keys sorted, so that equal inputs give equal text.
    public var jsonLine: String {
        var object: [String: Any]
        switch self {
        case .signal(let signal):
            object = ["type": "signal", "time": signal.time, "signal": signal.type.rawValue, "labels": signal.labels,
                      "firing": signal.firing]
        case .outcome(let id, let outcome, let time):
            object = ["type": "outcome", "time": time, "id": id, "outcome": outcome.name]
        }
        return JSONLines.encode(object)
    }

    /// Reads one line. `now` is used when the line has no `time`.
    public static func parse(_ line: String, now: Double) throws(PolicyInputError) -> PolicyInput {
        let raw: RawInput
        do { raw = try JSONDecoder().decode(RawInput.self, from: Data(line.utf8)) } catch let error as PolicyInputError {
            throw error
        } catch {
            throw PolicyInputError("not a JSON object")
        }
        let time = raw.time ?? now
        switch raw.type {
        case "signal":
            guard let name = raw.signal else { throw PolicyInputError("missing 'signal' (the alert name)") }
            guard let type = SignalType(rawValue: name) else {
                throw PolicyInputError("unknown signal '\(name)' (known: \(SignalType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return .signal(Signal(type: type, labels: raw.labels ?? [:], time: time, firing: raw.firing ?? true))
        case "outcome":
            guard let id = raw.id, id > 0 else { throw PolicyInputError("missing 'id' (the action's number)") }
            guard let name = raw.outcome, let outcome = ActionOutcome(name: name) else {
                throw PolicyInputError("'outcome' must be succeeded, failed or timed_out")
            }
            return .outcome(id: id, outcome: outcome, time: time)
        case let other:
            throw PolicyInputError("'type' must be signal or outcome, not \(other.map { "'\($0)'" } ?? "missing")")
        }
    }
}

/// The fields of any input line, each checked with its own message.
private struct RawInput: Decodable {
    var type: String?
    var time: Double?
    var signal: String?
    var labels: [String: String]?
    var firing: Bool?
    var id: Int?
    var outcome: String?

    enum CodingKeys: String, CodingKey { case type, time, signal, labels, firing, id, outcome }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func field<T: Decodable>(_ key: CodingKeys, _ expected: String) throws -> T? {
            do { return try container.decodeIfPresent(T.self, forKey: key) } catch {
                throw PolicyInputError("'\(key.rawValue)' must be \(expected)")
            }
        }
        type = try field(.type, "signal or outcome")
        if let text = try? container.decodeIfPresent(String.self, forKey: .time) {
            guard let hours = RFC3339.hoursSinceEpoch(text) else {
                throw PolicyInputError("'time' is '\(text.prefix(40))'; expected an RFC 3339 time such as 2026-11-30T04:12:33Z")
            }
            time = hours
        } else {
            time = try field(.time, "an RFC 3339 time such as 2026-11-30T04:12:33Z, or a number of hours since the Unix epoch")
        }
        signal = try field(.signal, "a signal name")
        labels = try field(.labels, "an object of string labels")
        firing = try field(.firing, "true or false")
        id = try field(.id, "the action's number")
        outcome = try field(.outcome, "succeeded, failed or timed_out")
    }
}

public struct PolicyInputError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension ActionOutcome {
    /// `succeeded`, `failed`, `timed_out`: the spelling in JSON inputs and outputs.
    public var name: String {
        switch self {
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .timedOut: "timed_out"
        }
    }

    public init?(name: String) {
        switch name {
        case "succeeded": self = .succeeded
        case "failed": self = .failed
        case "timed_out": self = .timedOut
        default: return nil
        }
    }
}

/// One JSON object per line, keys sorted, so that equal values give equal text.
public enum JSONLines {
    public static func encode(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
