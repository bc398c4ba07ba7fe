import FleetPolicy
import Foundation
import LocatedYAML

/// How `fleetsim agent` runs: read from a YAML file, then overridden by flags.
///
///     listen: 127.0.0.1:9095
///     runbooks: ../runbooks/closed-loop.yaml     # relative to this file
///     execute: false                             # true runs kubectl; default: dry run
///     kubectl: kubectl
///     kubectl_timeout: 60s                       # a command still running then is stopped, and fails
///     tokens_file: tokens.txt                    # "<role> <token>" lines; or FLEETSIM_AGENT_TOKENS
///     max_body_bytes: 1048576
///     labels: {node: node, rack: rack, site: site}
///     signal_names: {DCGMXidErrors: XidError}
public struct AgentConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 9095
    public var runbooksPath: String?
    public var execute = false
    public var kubectl = "kubectl"
    /// Seconds a kubectl command may run.
    public var kubectlTimeoutSeconds = 60.0
    public var tokensFile: String?
    public var maxBodyBytes = 1 << 20
    public var translation = SignalTranslation()

    public init() {}

    public static let keys = ["listen", "runbooks", "execute", "kubectl", "kubectl_timeout", "tokens_file", "max_body_bytes", "labels", "signal_names"]

    /// Reads a configuration file; paths in it are made relative to its directory.
    public static func load(path: String) throws(LocatedError) -> AgentConfiguration {
        let text = try InputFile.text(path, what: "the agent configuration")
        let root = try YAMLDocument.root(of: text, file: path, expected: "an agent configuration (a mapping)")
        let spec = try root.mapping(allowed: keys)
        let directory = URL(fileURLWithPath: path).absoluteURL.deletingLastPathComponent()
        func relative(_ value: String) -> String {
            value.hasPrefix("/") ? value : directory.appendingPathComponent(value).standardized.path
        }
        var configuration = AgentConfiguration()
        if let listen = spec.optional("listen") {
            let text = try listen.string()
            guard let (host, port) = parseListen(text) else { throw listen.error("'\(text)' is not host:port, e.g. 127.0.0.1:9095") }
            (configuration.host, configuration.port) = (host, port)
        }
        configuration.runbooksPath = try spec.optional("runbooks").map { field throws(LocatedError) in relative(try field.string()) }
        configuration.execute = try spec.optional("execute")?.boolean() ?? false
        configuration.kubectl = try spec.optional("kubectl")?.string() ?? "kubectl"
        if let timeout = spec.optional("kubectl_timeout") {
            configuration.kubectlTimeoutSeconds = try timeout.duration() * 3600
            guard configuration.kubectlTimeoutSeconds <= 3600 else { throw timeout.error("a kubectl timeout of at most 1h is expected") }
        }
        configuration.tokensFile = try spec.optional("tokens_file").map { field throws(LocatedError) in relative(try field.string()) }
        configuration.maxBodyBytes = try spec.optional("max_body_bytes")?.integer(atLeast: 1024) ?? configuration.maxBodyBytes
        if let labels = spec.optional("labels") {
            let l = try labels.mapping(allowed: ["node", "rack", "site"])
            configuration.translation.nodeLabel = try l.optional("node")?.string() ?? "node"
            configuration.translation.rackLabel = try l.optional("rack")?.string() ?? "rack"
            configuration.translation.siteLabel = try l.optional("site")?.string() ?? "site"
        }
        if let names = spec.optional("signal_names") {
            for (alertName, signal) in try names.namedEntries(expected: "alert names mapped to signals") {
                configuration.translation.signalNames[alertName] = try signal.choice(SignalType.self)
            }
        }
        return configuration
    }

    /// `host:port` (`[::1]:9095` for IPv6).
    public static func parseListen(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}

/// Who may do what over HTTP: viewers read state, operators also send alerts and outcomes and
/// approve actions, admins everything.
/// What a bearer token may do. Roles are sets of permissions, not a ladder: the token
/// Alertmanager posts with (`operator`) cannot approve the actions its alerts cause.
public enum Role: String, CaseIterable, Sendable {
    /// Reads state and pending approvals.
    case viewer
    /// Also sends alerts and inputs (Alertmanager, node operators).
    case `operator`
    /// Also approves or rejects held actions (people), but sends nothing.
    case approver
    /// Everything.
    case admin

    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .read: true
        case .send: self == .operator || self == .admin
        case .approve: self == .approver || self == .admin
        }
    }
}

public enum Permission: String, Sendable { case read, send, approve }

/// Bearer tokens and their roles.
public struct TokenTable: Sendable {
    public private(set) var roles: [String: Role] = [:]
    /// Shorter tokens are refused: a guessable token is no protection.
    public static let minimumLength = 16

    public init(_ roles: [String: Role] = [:]) { self.roles = roles }

    /// The role of `token`, comparing it with every known token in time that does not depend on
    /// where (or whether) they differ.
    public func role(of token: String) -> Role? {
        let offered = Array(token.utf8)
        var found: Role?
        for (known, role) in roles where Self.constantTimeEqual(Array(known.utf8), offered) { found = role }
        return found
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    /// Adds a token, refusing a short or repeated one.
    mutating func add(_ token: String, role: Role, fail: (String) -> LocatedError) throws(LocatedError) {
        guard token.count >= Self.minimumLength else {
            throw fail("a token of \(token.count) characters; expected at least \(Self.minimumLength) (e.g. openssl rand -hex 16)")
        }
        guard roles[token] == nil else { throw fail("this token appears twice; each token needs one role") }
        roles[token] = role
    }

    /// A file of `<role> <token>` lines (blank lines and `#` comments ignored; CRLF line ends
    /// read as LF).
    public static func parse(file text: String, name: String) throws(LocatedError) -> TokenTable {
        var table = TokenTable()
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        for (number, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            func fail(_ message: String) -> LocatedError { LocatedError(file: name, line: number + 1, column: 1, field: "", message: message) }
            let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, let role = Role(rawValue: String(parts[0])) else {
                throw fail("expected '<role> <token>' with role viewer, operator, approver or admin")
            }
            try table.add(String(parts[1]), role: role, fail: fail)
        }
        return table
    }

    /// `FLEETSIM_AGENT_TOKENS=viewer:abc,operator:def`.
    public static func parse(environment text: String) throws(LocatedError) -> TokenTable {
        var table = TokenTable()
        func fail(_ message: String) -> LocatedError {
            LocatedError(file: "FLEETSIM_AGENT_TOKENS", line: nil, column: nil, field: "", message: message)
        }
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let role = Role(rawValue: String(parts[0])), !parts[1].isEmpty else {
                throw fail("expected role:token entries separated by commas, with role viewer, operator, approver or admin")
            }
            try table.add(String(parts[1]), role: role, fail: fail)
        }
        return table
    }
}
