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
/// `time` is in hours (simulated, or since the Unix epoch in production); `firing` defaults to
/// true; `outcome` is `succeeded`, `failed` or `timed_out`.
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
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads one line. `now` is used when the line has no `time`.
    public static func parse(_ line: String, now: Double) throws(PolicyInputError) -> PolicyInput {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw PolicyInputError("not a JSON object")
        }
        var time = now
        if let value = object["time"] {
            guard let number = value as? NSNumber, !(value is Bool) else { throw PolicyInputError("'time' must be a number of hours") }
            time = number.doubleValue
        }
        switch object["type"] as? String {
        case "signal":
            guard let name = object["signal"] as? String else { throw PolicyInputError("missing 'signal' (the alert name)") }
            guard let type = SignalType(rawValue: name) else {
                throw PolicyInputError("unknown signal '\(name)' (known: \(SignalType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let labelValue = object["labels"] ?? [String: String]()
            guard let labels = labelValue as? [String: String] else { throw PolicyInputError("'labels' must map names to strings") }
            var firing = true
            if let value = object["firing"] {
                guard let flag = value as? Bool else { throw PolicyInputError("'firing' must be true or false") }
                firing = flag
            }
            return .signal(Signal(type: type, labels: labels, time: time, firing: firing))
        case "outcome":
            guard let id = (object["id"] as? NSNumber)?.intValue, id > 0 else { throw PolicyInputError("missing 'id' (the action's number)") }
            guard let name = object["outcome"] as? String, let outcome = ActionOutcome(name: name) else {
                throw PolicyInputError("'outcome' must be succeeded, failed or timed_out")
            }
            return .outcome(id: id, outcome: outcome, time: time)
        case let other:
            throw PolicyInputError("'type' must be signal or outcome, not \(other.map { "'\($0)'" } ?? "missing")")
        }
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
