import FleetPolicy
import Foundation

/// An action the agent decided on, as it reports it: one JSON line each time its status
/// changes (planned, held for approval, approved, rejected, executed, finished), and one for an
/// action the guard rails denied (which never gets an id).
public struct AgentAction: Hashable, Sendable {
    public enum Status: String, Sendable {
        case denied
        case planned
        case awaitingApproval = "awaiting_approval"
        case approved
        case rejected
        case executed
        case finished
    }

    public let request: ActionRequest
    public var status: Status
    /// Hours since the Unix epoch (or the input's clock) of the status change; RFC 3339 in JSON.
    public var time: Double
    public var outcome: ActionOutcome?
    /// Who approved or rejected it.
    public var decidedBy: String?
    /// The guard rail that refused it (status `denied`).
    public var denial: Denial?

    public init(request: ActionRequest, status: Status, time: Double) {
        self.request = request
        self.status = status
        self.time = time
    }

    public var kubectl: KubectlPlan? { KubectlPlan(request.action) }

    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "action": request.action.kind.rawValue, "origin": request.origin, "status": status.rawValue,
            "time": RFC3339.string(hoursSinceEpoch: time), "labels": request.labels, "needs_approval": request.needsApproval,
        ]
        object["id"] = status == .denied ? nil : request.id
        object["reason"] = denial.map(\.rawValue)
            ?? (status == .awaitingApproval ? request.approvalReason.map { "approval.\($0.rawValue)" } : nil)
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
