import FleetAgent
import FleetAgentJournal
import FleetPolicy
import Foundation
import Logging

/// The agent and what it does to the world: writes every decision to the output (JSON lines,
/// or kubectl command lines), runs kubectl when told to execute, and feeds the commands' exit
/// statuses back as outcomes. One actor, so that decisions are made one input at a time.
public actor AgentHost<P: Policy> {
    private var agent: Agent<P>
    private let execute: Bool
    private let kubectl: String
    /// Longest a kubectl command may run before it is stopped and its action failed.
    private let kubectlTimeout: Duration
    /// Set on shutdown: no new kubectl command starts (those running finish or time out).
    private var stopping = false
    /// Where inputs are written before they are acted on, if anywhere.
    private let journal: AgentJournal?
    private let format: OutputFormat
    private let write: @Sendable (String) -> Void
    private let logger: Logger
    /// Requests refused before reaching the agent, by reason, for `/metrics`.
    private var refused: [String: Int] = ["forbidden": 0, "malformed": 0, "too_large": 0, "too_slow": 0, "unauthorized": 0]
    private var metrics = AgentMetrics()

    /// With a `journal`, the agent first replays every input it holds (nothing is written out or
    /// executed again): state, ids and deliveries are as they were when the process stopped.
    public init(agent: sending Agent<P>, execute: Bool, kubectl: String = "kubectl", kubectlTimeout: Duration = .seconds(60),
                format: OutputFormat = .json, journal: AgentJournal? = nil, logger: Logger,
                write: @escaping @Sendable (String) -> Void) throws {
        var agent = agent
        if let journal {
            let entries = try journal.entries()
            for entry in entries { _ = Self.apply(entry, to: &agent) }
            logger.notice("journal replayed", metadata: ["inputs": "\(entries.count)", "open_actions": "\(agent.open.count)"])
        }
        self.journal = journal
        self.agent = agent
        self.execute = execute
        self.kubectl = kubectl
        self.kubectlTimeout = kubectlTimeout
        self.format = format
        self.logger = logger
        self.write = write
    }

    public static func now() -> Double { AgentClock.now() }

    /// An Alertmanager notification, with the body it came in (what the journal keeps).
    public func receive(_ payload: AlertmanagerWebhook, body: Data) async throws(AgentJournalError) {
        logger.info("alertmanager notification", metadata: [
            "receiver": "\(payload.receiver)", "status": "\(payload.status)", "alerts": "\(payload.alerts.count)",
        ])
        try await take(.notification(payload, body: body, time: Self.now()))
    }

    public func apply(_ input: PolicyInput) async throws(AgentJournalError) {
        try await take(.input(line: input.jsonLine))
    }

    public func approve(_ id: Int, by who: String) async throws(AgentHostError) {
        guard agent.awaitingApproval.contains(where: { $0.request.id == id }) else { throw .request(.noSuchPendingAction(id)) }
        do { try await take(.approve(id: id, by: who, time: Self.now())) } catch { throw .journal(error) }
        logger.notice("action approved", metadata: ["id": "\(id)", "by": "\(who)"])
    }

    public func reject(_ id: Int, by who: String) async throws(AgentHostError) {
        guard agent.awaitingApproval.contains(where: { $0.request.id == id }) else { throw .request(.noSuchPendingAction(id)) }
        do { try await take(.reject(id: id, by: who, time: Self.now())) } catch { throw .journal(error) }
        logger.notice("action rejected", metadata: ["id": "\(id)", "by": "\(who)"])
    }

    /// Reports actions whose timeout ran out; a sweep with nothing due is neither journaled nor
    /// acted on (the sweep runs every few seconds).
    public func expireTimeouts() async {
        let now = Self.now()
        guard agent.hasTimeoutsDue(at: now) else { return }
        do { try await take(.expire(time: now)) } catch {
            logger.error("journal: cannot record expired timeouts", metadata: ["error": "\(error)"])
        }
    }

    /// Journals `entry` (before anything happens: if that fails, nothing does), then lets the
    /// agent act on it and carries out what it decided.
    private func take(_ entry: AgentJournal.Entry) async throws(AgentJournalError) {
        if let journal {
            do { try journal.append(entry) } catch { throw AgentJournalError(description: "\(error)") }
        }
        await emit(Self.apply(entry, to: &agent))
    }

    /// What `entry` does to `agent`: the one place inputs meet the agent, live or replayed.
    static func apply(_ entry: AgentJournal.Entry, to agent: inout Agent<P>) -> [AgentAction] {
        switch entry {
        case .notification(let payload, _, let time):
            return agent.receive(payload, at: time)
        case .input(let line):
            guard let input = try? PolicyInput.parse(line, now: 0) else { return [] }
            return agent.apply(input)
        case .approve(let id, let who, let time):
            return (try? agent.approve(id, by: who, at: time)).map { [$0] } ?? []
        case .reject(let id, let who, let time):
            return (try? agent.reject(id, by: who, at: time)) ?? []
        case .executed(let id, let time):
            return agent.markExecuted(id, at: time).map { [$0] } ?? []
        case .expire(let time):
            return agent.expireTimeouts(at: time)
        }
    }

    /// From now on no kubectl command starts: actions are still decided and written out, and
    /// their commands reported as not run. Called when a graceful shutdown begins.
    public func stopExecuting() {
        stopping = true
    }

    public func refuse(_ reason: String) {
        refused[reason, default: 0] += 1
    }

    public var pendingApproval: [AgentAction] { agent.awaitingApproval }

    /// Firing alerts, cordoned nodes, open actions: `GET /v1/state`.
    public func stateJSON() -> String {
        let state: [String: Any] = [
            "firing_alerts": agent.firing.keys.sorted(),
            "cordoned_nodes": agent.fleet.cordoned.sorted(),
            "draining_nodes": agent.fleet.draining.sorted(),
            "open_actions": agent.open.values.sorted { $0.request.id < $1.request.id }.map(\.jsonObject),
            "circuit_breaker_open": agent.engine.breakerOpen(at: Self.now()),
        ]
        return JSONLines.encode(state)
    }

    /// Prometheus text exposition (format 0.0.4), through swift-prometheus.
    public func metricsText() -> String {
        let c = agent.counters
        typealias Count = AgentMetrics.Count
        var counts = [
            Count("signals_total", "Signals received (alerts firing or resolving, JSON-line signals).", c.signals),
            Count("alerts_unrecognised_total", "Alerts whose alertname maps to no signal.", c.alertsUnrecognised),
            Count("alerts_invalid_target_total", "Alerts naming a node that is not a Kubernetes node name (refused).", c.alertsInvalidTarget),
            Count("actions_planned_total", "Actions the policy engine issued.", c.planned),
            Count("actions_executed_total", "Actions carried out (kubectl run) in execute mode.", c.executed),
            Count("actions_approved_total", "Held actions an operator approved.", c.approved),
            Count("guard_rail_denials_total", "Actions the guard rails refused.", agent.guardRailDenials),
            Count("circuit_breaker_trips_total", "Times the circuit breaker opened.", agent.breakerTrips),
        ]
        counts += refused.keys.sorted().map {
            Count("requests_refused_total", "HTTP requests refused, by reason.", refused[$0]!, labels: [("reason", $0)])
        }
        return metrics.text(counts: counts, gauges: [
            ("actions_awaiting_approval", "Actions held for an operator's approval now.", Double(agent.awaitingApproval.count)),
            ("circuit_breaker_open", "1 while the circuit breaker refuses automation.", agent.engine.breakerOpen(at: Self.now()) ? 1 : 0),
            ("alerts_firing", "Alerts firing, by Alertmanager fingerprint.", Double(agent.firing.count)),
            ("nodes_cordoned", "Nodes the agent has cordoned.", Double(agent.fleet.cordoned.count)),
        ])
    }

    // MARK: Carrying actions out

    private func emit(_ actions: [AgentAction]) async {
        for action in actions {
            output(action)
            let runnable = action.status == .planned || action.status == .approved
            guard execute, runnable, let plan = action.kubectl else { continue }
            guard !stopping else {
                logger.warning("shutting down: kubectl not started", metadata: ["id": "\(action.request.id)"])
                continue
            }
            let status = await run(plan)
            do {
                try await take(.executed(id: action.request.id, time: Self.now()))
                if plan.completesOnExit {
                    try await take(.input(line: PolicyInput.outcome(id: action.request.id, outcome: status == 0 ? .succeeded : .failed,
                                                                    time: Self.now()).jsonLine))
                }
            } catch {
                logger.error("journal: cannot record a command's result", metadata: ["id": "\(action.request.id)", "error": "\(error)"])
            }
        }
    }

    private func output(_ action: AgentAction) {
        logger.info("action", metadata: [
            "id": "\(action.request.id)", "action": "\(action.request.action.kind.rawValue)",
            "target": "\(action.request.action.target ?? "-")", "status": "\(action.status.rawValue)", "origin": "\(action.request.origin)",
        ])
        if let journal {
            do { try journal.record(decision: action.jsonLine) } catch {
                logger.error("journal: cannot record a decision", metadata: ["error": "\(error)"])
            }
        }
        switch format {
        case .json:
            write(action.jsonLine)
        case .kubectl:
            guard action.status == .planned || action.status == .approved else { return }
            write(action.kubectl?.commandLine ?? Self.comment(for: action))
        }
    }

    /// The comment line standing for an action with no kubectl command. It names the target
    /// only when that is a Kubernetes name: raw label text (a newline, say) could end the comment
    /// and turn into a command when the output is piped into a shell.
    static func comment(for action: AgentAction) -> String {
        let target = action.request.action.target.map { KubectlPlan.isKubernetesName($0) ? " " + $0 : " (target not shown)" } ?? ""
        return "# \(action.request.action.kind.rawValue)\(target) (no kubectl command: JSON output carries it)"
    }

    /// Runs kubectl with `plan`'s arguments; returns its exit status (127 if it cannot start).
    /// A command still running after `kubectlTimeout` is terminated (then killed), and fails.
    private func run(_ plan: KubectlPlan) async -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl.contains("/") ? kubectl : "/usr/bin/env")
        process.arguments = kubectl.contains("/") ? plan.arguments : [kubectl] + plan.arguments
        let timeout = kubectlTimeout, logger = self.logger
        let watchdog = Task.detached {
            try await Task.sleep(for: timeout)
            guard process.isRunning else { return }
            logger.error("kubectl timed out", metadata: ["command": "\(plan.commandLine)", "timeout": "\(timeout)"])
            process.terminate()
            try await Task.sleep(for: .seconds(2))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        defer { watchdog.cancel() }
        return await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                logger.error("cannot run kubectl", metadata: ["error": "\(error)"])
                process.terminationHandler = nil
                continuation.resume(returning: 127)
            }
        }
    }
}

/// What `fleetsim agent` writes on stdout: each decision as JSON, or only the kubectl commands.
public enum OutputFormat: String, CaseIterable, Sendable { case json, kubectl }

public enum AgentClock {
    /// Hours since the Unix epoch: the agent's clock for rate limits and timeouts.
    public static func now() -> Double { Date().timeIntervalSince1970 / 3600 }
}

/// The journal could not be written, so the input was not acted on (HTTP 503: send it again).
public struct AgentJournalError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Why an approval or rejection did not happen.
public enum AgentHostError: Error, CustomStringConvertible, Sendable {
    case request(AgentRequestError)
    case journal(AgentJournalError)

    public var description: String {
        switch self {
        case .request(let error): error.description
        case .journal(let error): "the journal cannot be written (\(error.description))"
        }
    }
}
