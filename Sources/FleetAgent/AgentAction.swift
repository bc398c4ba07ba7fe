import FleetPolicy
import Foundation

/// An action the agent decided on, as it reports it: one JSON line each time its status
/// changes (planned, held for approval, approved, rejected, executed, finished).
public struct AgentAction: Hashable, Sendable {
    public enum Status: String, Sendable {
        case planned
        case awaitingApproval = "awaiting_approval"
        case approved
        case rejected
        case executed
        case finished
    }

    public let request: ActionRequest
    public var status: Status
    /// Hours since the Unix epoch (or the input's clock) of the status change.
    public var time: Double
    public var outcome: ActionOutcome?
    /// Who approved or rejected it.
    public var decidedBy: String?

    public init(request: ActionRequest, status: Status, time: Double) {
        self.request = request
        self.status = status
        self.time = time
    }

    public var kubectl: KubectlPlan? { KubectlPlan(request.action) }

    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "id": request.id, "action": request.action.kind.rawValue, "origin": request.origin, "status": status.rawValue,
            "time": time, "labels": request.labels, "needs_approval": request.needsApproval,
        ]
        object["target"] = request.action.target
        object["parameters"] = request.action.parameters.isEmpty ? nil : request.action.parameters
        object["timeout_hours"] = request.timeout
        object["kubectl"] = kubectl?.commandLine
        object["outcome"] = outcome?.name
        object["decided_by"] = decidedBy
        return object
    }

    /// One line of JSON, keys sorted.
    public var jsonLine: String { JSONLines.encode(jsonObject) }
}

extension Action {
    /// The node (or job, service, campaign) it acts on.
    public var target: String? {
        switch self {
        case .cordon(let node), .uncordon(let node), .drain(let node), .resetGPU(let node), .reboot(let node),
             .reimage(let node), .replacePart(let node, _): node
        case .failoverJob(let job): job
        case .migrateService(let service): service
        case .holdUpgrade(let campaign): campaign
        case .openTicket, .page: nil
        }
    }

    public var parameters: [String: String] {
        switch self {
        case .replacePart(_, let part): ["part": part]
        case .openTicket(let team, let severity): ["team": team, "severity": severity]
        case .page(let team): ["team": team]
        default: [:]
        }
    }
}
