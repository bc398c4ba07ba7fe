import LocatedYAML
import Units

/// A runbook file: runbooks and the guard rails they run under. docs/runbooks.md describes the
/// format; every mistake — an unknown signal or action, a step that does not exist, a cycle of
/// steps — is reported with its file, line and column.
public struct RunbookFile: Hashable, Sendable {
    public var runbooks: [Runbook]
    public var guardRails: GuardRailLimits
    /// Signals this strategy does not watch (a stack without alerting on correctable errors).
    public var ignoredSignals: Set<SignalType>

    public init(runbooks: [Runbook], guardRails: GuardRailLimits, ignoredSignals: Set<SignalType> = []) {
        self.runbooks = runbooks
        self.guardRails = guardRails
        self.ignoredSignals = ignoredSignals
    }

    public static func parse(_ text: String, file: String) throws(LocatedError) -> RunbookFile {
        let top = try YAMLDocument.root(of: text, file: file, expected: "runbooks (see docs/runbooks.md)")
            .mapping(allowed: RunbookFormat.schema.keys)
        let team = try top.optional("escalation_team")?.string() ?? "oncall"
        var runbooks: [Runbook] = []
        var names: [String: YAMLField] = [:]
        for field in try top.required("runbooks", expected: "a list of runbooks").sequence(expected: "runbooks") {
            let runbook = try Self.runbook(field, defaultTeam: team)
            if let previous = names[runbook.name] {
                throw field.error("runbook name '\(runbook.name)' is used twice (also at \(previous.path))")
            }
            names[runbook.name] = field
            runbooks.append(runbook)
        }
        var ignored: Set<SignalType> = []
        if let ignoreField = top.optional("ignore_signals") {
            for item in try ignoreField.sequence(expected: "signal types") { ignored.insert(try item.choice(SignalType.self)) }
        }
        return RunbookFile(runbooks: runbooks, guardRails: try guardRails(top.optional("guard_rails")), ignoredSignals: ignored)
    }

    static func runbook(_ field: YAMLField, defaultTeam: String) throws(LocatedError) -> Runbook {
        let spec = try field.mapping(allowed: RunbookFormat.runbook.keys)
        let name = try spec.required("name", expected: "the runbook's name").string()
        let matchSpec = try spec.required("match", expected: "{signal: ..., labels: {...}}").mapping(allowed: RunbookFormat.match.keys)
        var labels: [String: String] = [:]
        if let labelsField = matchSpec.optional("labels") {
            for (key, value) in try labelsField.namedEntries(expected: "labels to match") { labels[key] = try value.string() }
        }
        let signalField = try matchSpec.required("signal", expected: "a signal type, or any")
        let signal: SignalType? = try signalField.string() == "any" ? nil : try signalField.choice(SignalType.self)
        let match = Runbook.Match(signal: signal, labels: labels)

        let stepsField = try spec.required("steps", expected: "a list of steps")
        var steps: [Runbook.Step] = []
        var stepFields: [YAMLField] = []
        var stepSpecs: [YAMLMapping] = []
        for stepField in try stepsField.sequence(expected: "steps") {
            let step = try stepField.mapping(allowed: RunbookFormat.step.keys)
            let idField = try step.required("id", expected: "the step's id")
            let id = try idField.string()
            guard ![Runbook.done, Runbook.escalate].contains(id) else { throw idField.error("'\(id)' is reserved; choose another step id") }
            if steps.contains(where: { $0.id == id }) { throw idField.error("step id '\(id)' is used twice in runbook '\(name)'") }
            var parameters: [String: String] = [:]
            if let with = step.optional("with") {
                for (key, value) in try with.namedEntries(expected: "action parameters") { parameters[key] = try value.string() }
            }
            steps.append(Runbook.Step(
                id: id, action: try step.required("action", expected: "an action").choice(ActionKind.self),
                parameters: parameters, timeout: try step.optional("timeout")?.duration(),
                retries: try step.optional("retries")?.integer(atLeast: 0) ?? 0,
                onSuccess: try step.optional("on_success")?.string(), onFailure: try step.optional("on_failure")?.string(),
                onDenied: try step.optional("on_denied")?.string()))
            stepFields.append(stepField)
            stepSpecs.append(step)
        }
        guard !steps.isEmpty else { throw stepsField.error("runbook '\(name)' has no steps") }

        let known = steps.map(\.id) + [Runbook.done, Runbook.escalate]
        for step in stepSpecs {
            for key in ["on_success", "on_failure", "on_denied"] {
                if let target = step.optional(key) { _ = try target.reference(to: known, kind: "step") }
            }
        }
        var onResolve = Runbook.OnResolve.ignore
        if let resolveField = spec.optional("on_resolve") {
            switch try resolveField.string() {
            case "ignore": onResolve = .ignore
            case "cancel": onResolve = .cancel
            default: onResolve = .step(steps[try resolveField.reference(to: steps.map(\.id), kind: "step (or ignore, cancel)")].id)
            }
        }
        try Self.rejectCycles(steps, fields: stepFields, runbook: name)
        return Runbook(name: name, match: match, steps: steps,
                       escalationTeam: try spec.optional("escalation_team")?.string() ?? defaultTeam, onResolve: onResolve)
    }

    /// Steps may not lead back to themselves: repetition is what `retries` is for, and a cycle
    /// would let a failing fleet loop forever.
    static func rejectCycles(_ steps: [Runbook.Step], fields: [YAMLField], runbook: String) throws(LocatedError) {
        func successors(_ index: Int) -> [Int] {
            [steps[index].onSuccess, steps[index].onFailure, steps[index].onDenied].compactMap { target in
                target.flatMap { id in steps.firstIndex { $0.id == id } }
            }
        }
        var state = Array(repeating: 0, count: steps.count)  // 0 unvisited, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ index: Int) throws(LocatedError) {
            state[index] = 1
            path.append(index)
            for next in successors(index) {
                if state[next] == 1 {
                    let cycle = path[path.firstIndex(of: next)!...].map { steps[$0].id } + [steps[next].id]
                    throw fields[index].error("steps of runbook '\(runbook)' form a cycle: \(cycle.joined(separator: " → ")); use retries to repeat a step")
                }
                if state[next] == 0 { try visit(next) }
            }
            path.removeLast()
            state[index] = 2
        }
        for index in steps.indices where state[index] == 0 { try visit(index) }
    }

    static func guardRails(_ field: YAMLField?) throws(LocatedError) -> GuardRailLimits {
        guard let field else { return GuardRailLimits() }
        let spec = try field.mapping(allowed: RunbookFormat.guardRails.keys)
        var approval: GuardRailLimits.Approval?
        if let approvalField = spec.optional("approval") {
            let a = try approvalField.mapping(allowed: RunbookFormat.approval.keys)
            var actions: Set<ActionKind> = []
            if let actionsField = a.optional("actions") {
                for entry in try actionsField.sequence(expected: "actions that always wait for approval") {
                    actions.insert(try entry.choice(ActionKind.self))
                }
            }
            approval = .init(beyondCordonedPerRack: try a.optional("beyond_cordoned_per_rack")?.integer(atLeast: 0),
                             beyondCordonedPerSite: try a.optional("beyond_cordoned_per_site")?.integer(atLeast: 0),
                             actions: actions)
        }
        var breaker: GuardRailLimits.CircuitBreaker?
        if let breakerField = spec.optional("circuit_breaker") {
            let b = try breakerField.mapping(allowed: RunbookFormat.circuitBreaker.keys)
            breaker = .init(failures: try b.required("failures", expected: "failed actions that open the breaker").integer(atLeast: 1),
                            window: try b.required("within", expected: "the window, e.g. 1h").duration(),
                            cooldown: try b.required("cooldown", expected: "how long it stays open, e.g. 2h").duration())
        }
        return GuardRailLimits(
            maxCordonedPerRack: try spec.optional("max_cordoned_per_rack")?.integer(atLeast: 0),
            maxCordonedPerSite: try spec.optional("max_cordoned_per_site")?.integer(atLeast: 0),
            maxConcurrentDrains: try spec.optional("max_concurrent_drains")?.integer(atLeast: 0),
            maxActionsPerHour: try spec.optional("max_actions_per_hour")?.integer(atLeast: 0),
            circuitBreaker: breaker, approval: approval)
    }
}
