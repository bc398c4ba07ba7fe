/// What a policy asks the fleet to do. Targets are names (node, team, job), as production knows
/// them; the simulator maps its own indices to the same names.
public enum Action: Hashable, Sendable {
    case cordon(node: String)
    case uncordon(node: String)
    case drain(node: String)
    case resetGPU(node: String)
    case reboot(node: String)
    case reimage(node: String)
    case replacePart(node: String, part: String)
    case openTicket(team: String, severity: String)
    case page(team: String)
    case failoverJob(job: String)
    case migrateService(service: String)
    case holdUpgrade(campaign: String)

    /// The name runbooks use for the action's kind.
    public var kind: ActionKind {
        switch self {
        case .cordon: .cordon
        case .uncordon: .uncordon
        case .drain: .drain
        case .resetGPU: .resetGPU
        case .reboot: .reboot
        case .reimage: .reimage
        case .replacePart: .replacePart
        case .openTicket: .openTicket
        case .page: .page
        case .failoverJob: .failoverJob
        case .migrateService: .migrateService
        case .holdUpgrade: .holdUpgrade
        }
    }

    /// The node it acts on, if any.
    public var node: String? {
        switch self {
        case .cordon(let node), .uncordon(let node), .drain(let node), .resetGPU(let node), .reboot(let node),
             .reimage(let node), .replacePart(let node, _):
            node
        case .openTicket, .page, .failoverJob, .migrateService, .holdUpgrade:
            nil
        }
    }

    /// Whether a person does it (tickets and pages), as opposed to automation.
    public var isHuman: Bool { kind == .openTicket || kind == .page }
}

public enum ActionKind: String, CaseIterable, Hashable, Sendable {
    case cordon, uncordon, drain, resetGPU, reboot, reimage, replacePart, openTicket, page, failoverJob
    case migrateService, holdUpgrade
}

/// An action a policy wants, with where it came from, so hosts can log and correlate outcomes.
public struct ActionRequest: Hashable, Sendable {
    /// Unique within one engine: outcomes refer to it.
    public let id: Int
    public let action: Action
    /// `runbook/step` (or a Swift policy's own label).
    public let origin: String
    /// Hours the host should wait before reporting the action as timed out (`nil`: no limit).
    public let timeout: Double?
    /// The labels of the signal behind it, so hosts can tie a ticket to its alert.
    public let labels: [String: String]
    /// Why the guard rails allow it only once an operator approves (the host holds it until
    /// then); nil if it may go ahead.
    public let approvalReason: ApprovalReason?
    public var needsApproval: Bool { approvalReason != nil }

    public init(id: Int, action: Action, origin: String, timeout: Double?, labels: [String: String] = [:],
                approvalReason: ApprovalReason? = nil) {
        self.id = id
        self.action = action
        self.origin = origin
        self.timeout = timeout
        self.labels = labels
        self.approvalReason = approvalReason
    }
}

/// What became of an action, reported by the host.
public enum ActionOutcome: Hashable, Sendable {
    case succeeded
    case failed
    case timedOut
}
