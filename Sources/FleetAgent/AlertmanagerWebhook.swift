import FleetPolicy
import Foundation

/// The JSON body Prometheus Alertmanager POSTs to a `webhook_configs` receiver (version 4).
/// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
public struct AlertmanagerWebhook: Codable, Hashable, Sendable {
    public var version: String
    public var groupKey: String?
    public var truncatedAlerts: Int?
    public var status: String
    public var receiver: String
    public var groupLabels: [String: String]?
    public var commonLabels: [String: String]?
    public var commonAnnotations: [String: String]?
    public var externalURL: String?
    public var alerts: [Alert]

    public init(version: String, status: String, receiver: String, alerts: [Alert]) {
        self.version = version
        self.status = status
        self.receiver = receiver
        self.alerts = alerts
    }

    public struct Alert: Codable, Hashable, Sendable {
        /// `firing` or `resolved`.
        public var status: String
        public var labels: [String: String]
        public var annotations: [String: String]?
        public var startsAt: String?
        public var endsAt: String?
        public var generatorURL: String?
        /// Identifies the alert across notifications; the agent keys firing alerts by it.
        public var fingerprint: String

        public init(status: String, labels: [String: String], fingerprint: String) {
            self.status = status
            self.labels = labels
            self.fingerprint = fingerprint
        }
    }

    /// Whether a JSON object is meant as a notification (it has `alerts`) rather than a signal or
    /// outcome line: how `--stdin` tells its inputs apart.
    public static func looksLikeNotification(_ text: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return false }
        return object["alerts"] != nil && object["type"] == nil
    }

    /// Decodes a body, with an error that says what is wrong with it.
    public static func decode(_ body: Data) throws(AgentInputError) -> AlertmanagerWebhook {
        let payload: AlertmanagerWebhook
        do { payload = try JSONDecoder().decode(AlertmanagerWebhook.self, from: body) } catch let error as DecodingError {
            throw AgentInputError(error.explanation)
        } catch {
            throw AgentInputError("not JSON: \(error.localizedDescription)")
        }
        guard payload.version == "4" else { throw AgentInputError("version '\(payload.version)' is not supported; expected Alertmanager's webhook version 4") }
        for alert in payload.alerts where alert.status != "firing" && alert.status != "resolved" {
            throw AgentInputError("alert \(alert.fingerprint): status '\(alert.status)'; expected firing or resolved")
        }
        return payload
    }
}

/// A bad request body: the message goes back to the sender with a 400.
public struct AgentInputError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension DecodingError {
    /// "alerts[2].fingerprint: missing" rather than Foundation's debug dump.
    var explanation: String {
        func path(_ context: Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch self {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "\(at.isEmpty ? "" : at + ".")\(key.stringValue): missing"
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "not a webhook payload"
        }
    }
}
