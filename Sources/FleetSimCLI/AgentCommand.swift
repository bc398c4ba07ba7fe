import ArgumentParser
import FleetAgent
import FleetAgentHTTP
import FleetAgentJournal
import FleetPolicy
import Foundation
import LocatedYAML
import ScenarioLoading
import Logging

struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run runbooks against a live cluster: the same policy engine as in simulation.",
        discussion: """
            Takes alerts — Prometheus Alertmanager webhook notifications over HTTP, or on stdin \
            (--stdin) JSON lines of signals and outcomes and Alertmanager notifications — runs \
            the runbooks on them under their guard rails, and writes each decision as a JSON \
            line on stdout: actions planned (with the kubectl command that carries them out), \
            held for approval or denied by a guard rail (with the reason), with RFC 3339 times; \
            or only kubectl command lines (--output kubectl). Dry run by default: nothing is executed unless --execute is \
            given, and then only kubectl cordon/uncordon/drain and node labels/taints for \
            node-level operators. Logs go to stderr.

            HTTP needs bearer tokens with roles (viewer, operator, admin), from --tokens-file \
            ("<role> <token>" lines) or FLEETSIM_AGENT_TOKENS ("operator:secret,viewer:other"). \
            Routes: POST /v1/alerts (Alertmanager), POST /v1/inputs (JSON lines), GET /v1/state, \
            GET /v1/actions/pending, POST /v1/actions/<id>/approve|reject, GET /healthz, GET /metrics. \
            SIGTERM or SIGINT stops it gracefully.

            Examples:
              FLEETSIM_AGENT_TOKENS=operator:s3cret fleetsim agent --runbooks runbooks/closed-loop.yaml
              fleetsim agent --runbooks runbooks/closed-loop.yaml --stdin < signals.jsonl
              fleetsim agent --runbooks runbooks/closed-loop.yaml --stdin < docs/agent/alertmanager-notification.json
              fleetsim agent --config agent.yaml --execute
            """
    )

    @Option(help: "Agent configuration file (YAML); flags override it.")
    var config: String?

    @Option(help: "Runbook file to run.")
    var runbooks: String?

    @Option(help: "Address to listen on, host:port (default 127.0.0.1:9095; port 0 picks a free one).")
    var listen: String?

    @Flag(help: "Read signals, outcomes and Alertmanager notifications (JSON) from stdin instead of serving HTTP.")
    var stdin = false

    @Flag(help: "Run the kubectl commands (default: dry run, print only).")
    var execute = false

    @Option(help: "The kubectl to run with --execute: a path, or a name looked up in PATH (default kubectl).")
    var kubectl: String?

    @Option(help: "Longest a kubectl command may run before it is stopped and its action fails (default 60s).")
    var kubectlTimeout: String?

    @Option(help: "File of '<role> <token>' lines for HTTP bearer tokens (mode 600).")
    var tokensFile: String?

    @Option(help: "Largest request body accepted, bytes (default 1048576).")
    var maxBodyBytes: Int?

    @Option(help: "SQLite journal (created if missing): inputs are written before they are acted on, and replayed on start, so a restart loses nothing.")
    var journal: String?

    @Option(help: "With --journal: keep decision lines this long (e.g. 90d; default: all). Inputs are always kept.")
    var journalRetention: String?

    @Option(help: "What to write on stdout: json (each decision) or kubectl (the commands).")
    var output: OutputFormat = .json

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        var settings = AgentConfiguration()
        if let config {
            do { settings = try AgentConfiguration.load(path: config) } catch { throw CLIError("\(error)") }
        }
        if let runbooks { settings.runbooksPath = runbooks }
        if let listen {
            guard let (host, port) = AgentConfiguration.parseListen(listen) else {
                throw CLIError("--listen '\(listen)' is not host:port, e.g. 127.0.0.1:9095")
            }
            (settings.host, settings.port) = (host, port)
        }
        if execute { settings.execute = true }
        if let kubectl { settings.kubectl = kubectl }
        if let kubectlTimeout {
            guard case .success(let hours) = DurationArgument.hours(kubectlTimeout), hours <= 1 else {
                throw CLIError("--kubectl-timeout '\(kubectlTimeout)' is not a duration up to 1h, e.g. 30s")
            }
            settings.kubectlTimeoutSeconds = hours * 3600
        }
        if let tokensFile { settings.tokensFile = tokensFile }
        if let maxBodyBytes {
            guard maxBodyBytes >= 1024 else { throw CLIError("--max-body-bytes \(maxBodyBytes) is too small; expected at least 1024") }
            settings.maxBodyBytes = maxBodyBytes
        }
        guard let path = settings.runbooksPath else { throw CLIError("no runbooks: give --runbooks or `runbooks:` in --config") }
        let text: String
        do { text = try InputFile.text(path, what: "the runbook file") } catch { throw CLIError(error.description) }
        let file: RunbookFile
        do { file = try RunbookFile.parse(text, file: path) } catch { throw CLIError("\(error)") }
        var logger = Logger(label: "fleetsim-agent") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel
        let journal: AgentJournal?
        do { journal = try self.journal.map { try AgentJournal(path: $0) } } catch {
            throw CLIError("cannot open the journal '\(self.journal ?? "")' (\(error))")
        }
        if let journal, let journalRetention {
            guard case .success(let hours) = DurationArgument.hours(journalRetention) else {
                throw CLIError("--journal-retention '\(journalRetention)' is not a duration, e.g. 90d")
            }
            do { try journal.pruneDecisions(before: Date().timeIntervalSince1970 - hours * 3600) } catch {
                throw CLIError("cannot prune the journal (\(error))")
            }
        }
        let host: AgentHost<RunbookPolicy>
        do {
            host = try AgentHost(agent: Agent(runbooks: file, translation: settings.translation), execute: settings.execute,
                                 kubectl: settings.kubectl, kubectlTimeout: .milliseconds(Int64(settings.kubectlTimeoutSeconds * 1000)),
                                 format: output, journal: journal, logger: logger, write: StandardOutput.writeLine)
        } catch { throw CLIError("cannot replay the journal '\(self.journal ?? "")' (\(error))") }
        if stdin {
            try await readStandardInput(into: host)
        } else {
            try await serve(host, settings: settings, logger: logger)
        }
    }

    /// JSON in, decisions out: signal and outcome lines, and Alertmanager notifications (one per
    /// line, or pretty-printed over several). A bad input is reported with its line and skipped.
    private func readStandardInput(into host: AgentHost<RunbookPolicy>) async throws {
        var stream = JSONObjectStream()
        var bad = 0, number = 0
        func report(_ line: Int, _ message: String) {
            bad += 1
            FileHandle.standardError.write(Data("stdin:\(line): \(message)\n".utf8))
        }
        while let line = readLine() {
            number += 1
            for piece in stream.feed(line, number: number) {
                switch piece {
                case .notAnObject(let text, let line):
                    report(line, "not a JSON object: '\(text.prefix(60))'")
                case .tooLarge(let line):
                    report(line, "a JSON object larger than \(stream.maximumBytes) bytes")
                case .object(let text, let line):
                    do {
                        if AlertmanagerWebhook.looksLikeNotification(text) {
                            let body = Data(text.utf8)
                            try await host.receive(try AlertmanagerWebhook.decode(body), body: body)
                        } else {
                            try await host.apply(try PolicyInput.parse(text, now: AgentClock.now()))
                        }
                    } catch { report(line, "\(error)") }
                }
            }
        }
        if let open = stream.unfinishedObjectLine { report(open, "a JSON object opened here is never closed") }
        if bad > 0 { throw CLIError("\(bad) input(s) were malformed and skipped") }
    }

    private func serve(_ host: AgentHost<RunbookPolicy>, settings: AgentConfiguration, logger: Logger) async throws {
        var tokens = TokenTable()
        if let file = settings.tokensFile {
            let text = try readTokens(file)
            do { tokens = try TokenTable.parse(file: text, name: file) } catch { throw CLIError("\(error)") }
        } else if let environment = ProcessInfo.processInfo.environment["FLEETSIM_AGENT_TOKENS"] {
            do { tokens = try TokenTable.parse(environment: environment) } catch { throw CLIError("\(error)") }
        }
        guard !tokens.roles.isEmpty else {
            throw CLIError("no bearer tokens: give --tokens-file or set FLEETSIM_AGENT_TOKENS (e.g. operator:<secret>)")
        }
        let server = AgentServer(host: host, tokens: tokens, maxBodyBytes: settings.maxBodyBytes)
        let mode = settings.execute ? "executing kubectl" : "dry run"
        let app = server.application(host: settings.host, port: settings.port, logger: logger) { port in
            FileHandle.standardError.write(Data("fleetsim agent listening on \(settings.host):\(port) (\(mode))\n".utf8))
        }
        try await app.runService()
    }

    private func readTokens(_ path: String) throws -> String {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & (S_IROTH | S_IWOTH) != 0 {
            throw CLIError("\(path): the tokens file can be read or written by every user (mode \(String(info.st_mode & 0o777, radix: 8))); "
                + "run chmod 600 on it")
        }
        do { return try InputFile.text(path, what: "the tokens file") } catch { throw CLIError(error.description) }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Writes whole lines to stdout, flushed, so that a pipe sees each decision as it is made.
enum StandardOutput {
    @Sendable static func writeLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
