import FleetModel
import FleetPolicy
import Foundation
import LocatedYAML

/// Reads the `management:` block: the strategy's runbook file (relative to the scenario) and,
/// optionally, what actions do here (`{reboot: {duration: 15min, clears: {software: 0.8}}}`).
struct ManagementLoader {
    let builder: DistributionBuilder

    func management(_ field: YAMLField) throws(ScenarioError) -> ManagementConfiguration {
        let spec = try field.mapping(allowed: ScenarioFormat.management.keys)
        let runbooksField = try spec.required("runbooks", expected: "a runbook file, e.g. ../runbooks/closed-loop.yaml")
        let path = try runbooksField.string()
        let file = try Self.runbooks(path: path, relativeTo: builder.directory(of: runbooksField), field: runbooksField)
        var actions = ManagementConfiguration.defaultActions
        if let actionsField = spec.optional("actions") {
            for (name, effectField) in try actionsField.namedEntries(expected: "actions") {
                let kind = ActionKind.allCases[try effectField.resolve(name, among: ActionKind.allCases.map(\.rawValue), kind: "action")]
                let effect = try effectField.mapping(allowed: ScenarioFormat.managementAction.keys)
                var clears: [FaultKind: Double] = [:]
                if let clearsField = effect.optional("clears") {
                    for (faultName, probability) in try clearsField.namedEntries(expected: "probabilities by fault kind") {
                        let fault = FaultKind.allCases[try probability.resolve(faultName, among: FaultKind.allCases.map(\.rawValue), kind: "fault kind")]
                        clears[fault] = try probability.number(in: 0...1, expected: "a probability from 0 to 1")
                    }
                }
                actions[kind] = ActionEffect(
                    duration: try effect.optional("duration")?.distribution(builder) ?? actions[kind]?.duration ?? .deterministic(0),
                    clears: effect.optional("clears") == nil ? actions[kind]?.clears ?? [:] : clears)
            }
        }
        let strategy = try spec.optional("strategy")?.string() ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var management = ManagementConfiguration(strategy: strategy, runbooks: file, actions: actions)
        if let alarms = spec.optional("false_alarms") {
            let a = try alarms.mapping(allowed: ScenarioFormat.falseAlarms.keys)
            management.falseAlarmMeanTimePerNode = try a.required("mean_time_between_per_node", expected: "e.g. 2y").duration()
            management.falseAlarmSignal = try a.value("signal", defaultFrom: ScenarioFormat.falseAlarms)!.choice(SignalType.self)
        }
        if let missed = spec.optional("missed_alerts") {
            let m = try missed.mapping(allowed: ScenarioFormat.missedAlerts.keys)
            management.missedAlertProbability = try m.required("probability", expected: "the chance an alert is lost")
                .number(in: 0...1, expected: "a probability from 0 to 1")
            management.missedAlertFoundAfter = try m.optional("found_after")?.distribution(builder) ?? management.missedAlertFoundAfter
        }
        if let approval = spec.optional("approval_time") { management.approvalTime = try approval.distribution(builder) }
        return management
    }

    /// Reads and checks a runbook file; problems inside it are reported against the file itself.
    static func runbooks(path: String, relativeTo base: URL, field: YAMLField) throws(ScenarioError) -> RunbookFile {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        let text: String
        do { text = try InputFile.text(url.path, what: "the runbook file '\(path)'") } catch { throw field.error(error.message) }
        return try RunbookFile.parse(text, file: path)
    }
}
