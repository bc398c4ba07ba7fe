import CSV
import FleetAgent
import FleetPolicy
import Foundation

/// The incidents an agent's journal saw, as an incident log (`docs/incident-logs.md`, FleetSim
/// format) that `fleetsim fit` and `fleetsim calibrate` read: production data back into
/// scenarios. An incident is an alert on a node from firing to resolved — its Alertmanager
/// `startsAt` and `endsAt` where given, else when the agent heard of it — or a signal line's
/// firing to its resolve; its category is the alert's name.
public struct JournalIncidents {
    public struct Incident: Hashable, Sendable {
        /// Hours since the Unix epoch.
        public var start: Double
        /// `nil` while still firing at the journal's end.
        public var end: Double?
        public var node: String
        public var category: String
        /// What the agent did about it: `action:outcome` (or `action:status` while unfinished),
        /// in the order decided.
        public var actions: [String] = []
        /// When the agent heard it fire and resolve (its clock, which its decisions carry).
        var heard: Double
        var heardResolved: Double?
    }

    public private(set) var incidents: [Incident] = []
    /// Alerts skipped because they name no node.
    public private(set) var withoutNode = 0
    private var open: [String: Int] = [:]
    private var seen: Set<String> = []
    /// Where alerts name their node (the agent's own rule).
    var translation = SignalTranslation()

    public init(nodeLabel: String = "node") { translation.nodeLabel = nodeLabel }

    /// The incidents of every input in `journal`, oldest first.
    public static func read(_ journal: AgentJournal, nodeLabel: String = "node") throws -> JournalIncidents {
        var incidents = JournalIncidents(nodeLabel: nodeLabel)
        for entry in try journal.entries() {
            switch entry {
            case .notification(let payload, _, let time): incidents.receive(payload, at: time)
            case .input(let line):
                if case .signal(let signal)? = try? PolicyInput.parse(line, now: 0) { incidents.note(signal) }
            case .approve, .reject, .executed, .expire: break
            }
        }
        incidents.attach(decisions: try journal.decisions())
        return incidents
    }

    /// Attaches the agent's decision lines to the incidents they acted on: an action on a node
    /// belongs to the incident the agent knew open on that node when it first decided it (by the
    /// agent's clock, which an alert's own startsAt may not match); its last line says how it
    /// ended.
    public mutating func attach(decisions lines: [String]) {
        var order: [Int] = []
        var firstSeen: [Int: (time: Double, node: String, action: String)] = [:]
        var ending: [Int: String] = [:]
        for line in lines {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let id = object["id"] as? Int, let node = object["target"] as? String, let action = object["action"] as? String,
                  let time = (object["time"] as? String).flatMap(RFC3339.hoursSinceEpoch) else { continue }
            if firstSeen[id] == nil {
                firstSeen[id] = (time, node, action)
                order.append(id)
            }
            ending[id] = (object["outcome"] as? String) ?? (object["status"] as? String) ?? ""
        }
        for id in order {
            let (time, node, action) = firstSeen[id]!
            // Decision lines carry their time to the millisecond: of the incidents open on the node
            // then, the one heard nearest before it (an action follows the alert that asked for it).
            let slack = 0.001 / 3600
            let candidates = incidents.indices.filter {
                incidents[$0].node == node && incidents[$0].heard <= time + slack && (incidents[$0].heardResolved ?? .infinity) >= time - slack
            }
            guard let index = candidates.min(by: { abs(incidents[$0].heard - time) < abs(incidents[$1].heard - time) }) else { continue }
            incidents[index].actions.append("\(action):\(ending[id]!)")
        }
    }

    public mutating func receive(_ payload: AlertmanagerWebhook, at now: Double) {
        for alert in payload.alerts {
            guard let node = translation.node(in: alert.labels), !node.isEmpty else {
                withoutNode += 1
                continue
            }
            let category = alert.labels["alertname"] ?? "unknown"
            let start = alert.startsAt.flatMap(RFC3339.hoursSinceEpoch) ?? now
            if alert.status == "firing" {
                // Alertmanager repeats firing alerts, and may deliver one again after it resolved.
                guard open[alert.fingerprint] == nil, seen.insert(alert.fingerprint + "@\(start)").inserted else { continue }
                open[alert.fingerprint] = incidents.count
                incidents.append(Incident(start: start, end: nil, node: node, category: category, heard: now))
            } else if let index = open.removeValue(forKey: alert.fingerprint) {
                // Alertmanager's endsAt of a resolved alert is when it resolved.
                incidents[index].end = max(incidents[index].start, alert.endsAt.flatMap(RFC3339.hoursSinceEpoch) ?? now)
                incidents[index].heardResolved = now
            }
        }
    }

    /// A signal line (`PolicyInput`): firing opens an incident on its node, resolving closes it.
    public mutating func note(_ signal: Signal) {
        guard let node = signal.node else {
            withoutNode += 1
            return
        }
        let key = "signal|\(node)|\(signal.type.rawValue)"
        if signal.firing {
            guard open[key] == nil else { return }
            open[key] = incidents.count
            incidents.append(Incident(start: signal.time, end: nil, node: node, category: signal.type.rawValue, heard: signal.time))
        } else if let index = open.removeValue(forKey: key) {
            incidents[index].end = max(incidents[index].start, signal.time)
            incidents[index].heardResolved = signal.time
        }
    }

    /// Node numbers for the log: the number each name ends with (`gpu-node-0042` → 42) when
    /// every name ends with one and no two share it, else numbers by first appearance.
    public var nodeNumbers: [String: Int] {
        let names = incidents.map(\.node)
        var numbers: [String: Int] = [:]
        for name in names where numbers[name] == nil {
            guard let number = Int(String(name.reversed().prefix { $0.isASCII && $0.isNumber }.reversed())) else { numbers = [:]; break }
            numbers[name] = number
        }
        if !numbers.isEmpty && Set(numbers.values).count == numbers.count { return numbers }
        numbers = [:]
        for name in names where numbers[name] == nil { numbers[name] = numbers.count }
        return numbers
    }

    /// The log: `time` (UTC), `node`, `category`, `repair_hours` (empty while still firing), and
    /// `node_name` and `actions` (`;`-separated), which readers ignore but people need.
    public func table() -> CSVTable {
        let numbers = nodeNumbers
        var table = CSVTable(header: ["time", "node", "category", "repair_hours", "node_name", "actions"])
        for incident in incidents.sorted(by: { ($0.start, $0.node) < ($1.start, $1.node) }) {
            let time = RFC3339.string(hoursSinceEpoch: incident.start).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            let repair = incident.end.map { String(format: "%.4f", $0 - incident.start) } ?? ""
            table.append([time, "\(numbers[incident.node]!)", incident.category, repair, incident.node, incident.actions.joined(separator: ";")])
        }
        return table
    }
}
