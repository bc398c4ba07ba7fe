import FleetPolicy
import Foundation

/// How an action is carried out on a Kubernetes cluster: the `kubectl` arguments, and whether
/// the command's exit status is the action's outcome (cordon, uncordon, drain) or only hands it
/// to a node-level operator through a label or taint (reboot, reset, reimage, part swap), whose
/// outcome arrives later through `/v1/outcomes`. Tickets, pages and the rest have no command:
/// they are JSON lines for the ticketing integration.
public struct KubectlPlan: Hashable, Sendable {
    public let arguments: [String]
    public let completesOnExit: Bool

    public init?(_ action: Action) {
        switch action {
        case .cordon(let node): self.init(node, ["cordon", node], completes: true)
        case .uncordon(let node): self.init(node, ["uncordon", node], completes: true)
        case .drain(let node): self.init(node, ["drain", node, "--ignore-daemonsets", "--delete-emptydir-data"], completes: true)
        case .resetGPU(let node): self.init(node, ["label", "node", node, "fleetsim.io/gpu-reset=requested", "--overwrite"], completes: false)
        case .reboot(let node): self.init(node, ["label", "node", node, "fleetsim.io/reboot=requested", "--overwrite"], completes: false)
        case .reimage(let node): self.init(node, ["label", "node", node, "fleetsim.io/reimage=requested", "--overwrite"], completes: false)
        case .replacePart(let node, let part):
            guard Self.isKubernetesName(part) else { return nil }
            self.init(node, ["taint", "node", node, "fleetsim.io/replace-part=\(part):NoSchedule", "--overwrite"], completes: false)
        case .openTicket, .page, .failoverJob, .migrateService, .holdUpgrade: return nil
        }
    }

    private init?(_ node: String, _ arguments: [String], completes: Bool) {
        guard Self.isKubernetesName(node) else { return nil }
        self.arguments = arguments
        completesOnExit = completes
    }

    /// The command as a shell line, every argument quoted for a POSIX shell: names are checked
    /// already, and the quoting keeps the line safe to pipe into `sh` should that ever change.
    public var commandLine: String { (["kubectl"] + arguments).map(Self.shellQuoted).joined(separator: " ") }

    /// `word` as one POSIX shell word: as is when it holds only characters no shell treats
    /// specially, else in single quotes (a quote inside written `'\''`).
    public static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "@%+=:,./_-".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A DNS-1123 subdomain, as Kubernetes node names are: never an option, never shell syntax.
    public static func isKubernetesName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 253 && name.first!.isLetterOrDigitASCII && name.last!.isLetterOrDigitASCII
            && name.allSatisfy { $0.isLetterOrDigitASCII || $0 == "-" || $0 == "." }
            && name == name.lowercased()
    }
}

extension Character {
    fileprivate var isLetterOrDigitASCII: Bool { isASCII && (isLetter || isNumber) }
}
