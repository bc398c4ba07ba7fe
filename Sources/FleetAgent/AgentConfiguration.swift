import FleetPolicy
import Foundation
import LocatedYAML

/// How `fleetsim agent` runs: read from a YAML file, then overridden by flags.
///
///     listen: 127.0.0.1:9095
///     runbooks: ../runbooks/closed-loop.yaml     # relative to this file
///     execute: false                             # true runs kubectl; default: dry run
///     kubectl: kubectl
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
    public var tokensFile: String?
    public var maxBodyBytes = 1 << 20
    public var translation = SignalTranslation()

    public init() {}

    public static let keys = ["listen", "runbooks", "execute", "kubectl", "tokens_file", "max_body_bytes", "labels", "signal_names"]

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
public enum Role: String, CaseIterable, Comparable, Sendable {
    case viewer, `operator`, admin

    public static func < (a: Role, b: Role) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Bearer tokens and their roles.
public struct TokenTable: Sendable {
    public private(set) var roles: [String: Role] = [:]

    public init(_ roles: [String: Role] = [:]) { self.roles = roles }

    public func role(of token: String) -> Role? { roles[token] }

    /// A file of `<role> <token>` lines (blank lines and `#` comments ignored).
    public static func parse(file text: String, name: String) throws(LocatedError) -> TokenTable {
        var table = TokenTable()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, let role = Role(rawValue: String(parts[0])) else {
                throw LocatedError(file: name, line: number + 1, column: 1, field: "",
                                   message: "expected '<role> <token>' with role viewer, operator or admin")
            }
            table.roles[String(parts[1])] = role
        }
        return table
    }

    /// `FLEETSIM_AGENT_TOKENS=viewer:abc,operator:def`.
    public static func parse(environment text: String) throws(LocatedError) -> TokenTable {
        var table = TokenTable()
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let role = Role(rawValue: String(parts[0])), !parts[1].isEmpty else {
                throw LocatedError(file: "FLEETSIM_AGENT_TOKENS", line: nil, column: nil, field: "",
                                   message: "expected role:token entries separated by commas, with role viewer, operator or admin")
            }
            table.roles[String(parts[1])] = role
        }
        return table
    }
}
