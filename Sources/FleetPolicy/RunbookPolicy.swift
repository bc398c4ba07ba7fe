/// Runs runbooks: a firing signal starts the first runbook that matches it (one run at a time
/// per runbook and node: repeats of the signal are absorbed), and each step's result picks the
/// next step. When a guard rail refuses an action and the step names no `on_denied`, the run
/// escalates: a ticket to the runbook's escalation team, and it ends.
public struct RunbookPolicy: Policy {
    public let runbooks: [Runbook]
    /// Signals the strategy does not watch: they start nothing.
    public let ignoredSignals: Set<SignalType>

    struct Run: Hashable {
        var runbook: Int
        /// The step in progress; `nil` while escalating.
        var step: Int?
        var attempt = 0
        var labels: [String: String]
        var key: String
    }

    private var runs: [Int: Run] = [:]
    private var active: [String: Int] = [:]
    private var nextTag = 1

    public init(runbooks: [Runbook], ignoredSignals: Set<SignalType> = []) {
        self.runbooks = runbooks
        self.ignoredSignals = ignoredSignals
    }

    public init(file: RunbookFile) {
        self.init(runbooks: file.runbooks, ignoredSignals: file.ignoredSignals)
    }

    /// Runs in progress.
    public var activeRuns: Int { runs.count }

    public mutating func decide(on signal: Signal, state: some FleetStateView) -> [Intent] {
        guard !ignoredSignals.contains(signal.type), let index = runbooks.firstIndex(where: { $0.match.matches(signal) }) else { return [] }
        let runbook = runbooks[index]
        let key = runbook.name + "|" + (signal.node ?? signal.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        if !signal.firing {
            guard let tag = active[key] else { return [] }
            switch runbook.onResolve {
            case .ignore: return []
            case .cancel:
                finish(tag)
                return []
            case .step(let id):
                runs[tag]!.attempt = 0
                return go(to: id, tag: tag)
            }
        }
        guard active[key] == nil else { return [] }
        let tag = nextTag
        nextTag += 1
        runs[tag] = Run(runbook: index, step: 0, labels: signal.labels, key: key)
        active[key] = tag
        return enter(0, tag: tag)
    }

    public mutating func decide(after intent: Intent, result: IntentResult, at time: Double, state: some FleetStateView) -> [Intent] {
        guard let run = runs[intent.tag] else { return [] }
        let runbook = runbooks[run.runbook]
        guard let stepIndex = run.step else {  // the escalation ticket is done
            finish(intent.tag)
            return []
        }
        let step = runbook.steps[stepIndex]
        switch result {
        case .outcome(.succeeded):
            runs[intent.tag]!.attempt = 0
            return go(to: step.onSuccess, tag: intent.tag)
        case .outcome(.failed), .outcome(.timedOut):
            if run.attempt < step.retries {
                runs[intent.tag]!.attempt += 1
                return enter(stepIndex, tag: intent.tag)
            }
            runs[intent.tag]!.attempt = 0
            return go(to: step.onFailure, tag: intent.tag)
        case .denied:
            return go(to: step.onDenied ?? Runbook.escalate, tag: intent.tag)
        }
    }

    /// Follows an edge: a step id, `escalate`, or the end (`done` or none).
    private mutating func go(to target: String?, tag: Int) -> [Intent] {
        guard let run = runs[tag] else { return [] }
        if target == Runbook.escalate { return escalate(tag) }
        return enter(runbooks[run.runbook].stepIndex(target), tag: tag)
    }

    /// The intent for step `index` of a run, or the end of the run when there is none.
    private mutating func enter(_ index: Int?, tag: Int) -> [Intent] {
        guard let index, let run = runs[tag] else {
            finish(tag)
            return []
        }
        runs[tag]!.step = index
        let runbook = runbooks[run.runbook]
        let step = runbook.steps[index]
        guard let action = Self.action(step, labels: run.labels, escalationTeam: runbook.escalationTeam) else {
            return escalate(tag)  // the signal does not say which node to act on
        }
        return [Intent(action: action, origin: "\(runbook.name)/\(step.id)", timeout: step.timeout, tag: tag, labels: run.labels)]
    }

    private mutating func escalate(_ tag: Int) -> [Intent] {
        guard let run = runs[tag] else { return [] }
        runs[tag]!.step = nil
        let runbook = runbooks[run.runbook]
        return [Intent(action: .openTicket(team: runbook.escalationTeam, severity: run.labels["severity"] ?? "high"),
                       origin: "\(runbook.name)/escalation", tag: tag, labels: run.labels)]
    }

    private mutating func finish(_ tag: Int) {
        if let run = runs.removeValue(forKey: tag) { active.removeValue(forKey: run.key) }
    }

    /// The concrete action of a step for a signal's labels; `nil` when a node is needed and the
    /// signal names none.
    static func action(_ step: Runbook.Step, labels: [String: String], escalationTeam: String) -> Action? {
        let node = labels["node"]
        func parameter(_ name: String, _ fallback: String) -> String { step.parameters[name] ?? labels[name] ?? fallback }
        switch step.action {
        case .cordon: return node.map { .cordon(node: $0) }
        case .uncordon: return node.map { .uncordon(node: $0) }
        case .drain: return node.map { .drain(node: $0) }
        case .resetGPU: return node.map { .resetGPU(node: $0) }
        case .reboot: return node.map { .reboot(node: $0) }
        case .reimage: return node.map { .reimage(node: $0) }
        case .replacePart: return node.map { .replacePart(node: $0, part: parameter("part", "unknown")) }
        case .openTicket: return .openTicket(team: step.parameters["team"] ?? escalationTeam, severity: parameter("severity", "medium"))
        case .page: return .page(team: step.parameters["team"] ?? escalationTeam)
        case .failoverJob: return .failoverJob(job: parameter("job", "unknown"))
        case .migrateService: return .migrateService(service: parameter("service", "unknown"))
        case .holdUpgrade: return .holdUpgrade(campaign: parameter("campaign", "unknown"))
        }
    }
}
