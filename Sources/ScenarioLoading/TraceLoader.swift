import FleetModel
import Foundation
import LocatedYAML

/// Reads the `incident_trace` block: which log, which part of it, and how its categories map
/// onto component classes and failure modes. Log node n is instance n of the mapped class.
struct TraceLoader {
    let baseDirectory: URL

    func trace(_ field: YAMLField, configuration: FleetConfiguration) throws(ScenarioError) -> IncidentTrace {
        let spec = try field.mapping(allowed: ScenarioFormat.incidentTrace.keys)
        let fileField = try spec.required("file", expected: "the incident log (CSV), relative to the scenario file")
        let file = try fileField.string()
        let path = file.hasPrefix("/") ? file : baseDirectory.appendingPathComponent(file).path
        let format = try spec.value("format", defaultFrom: ScenarioFormat.incidentTrace)!.choice(IncidentLog.Format.self)
        let system = try spec.optional("system")?.integer(atLeast: 0)
        let records: [IncidentRecord]
        do { records = try IncidentLog.read(path: path, format: format, system: system) } catch {
            throw fileField.error(error.description)
        }
        guard let first = records.first else { throw fileField.error("the log '\(file)' has no incidents") }
        var start = first.time
        if let startField = spec.optional("start") {
            let text = try startField.string()
            guard let hours = Timestamp.hours(text) else {
                throw startField.error("'\(text)' is not a timestamp; expected YYYY-MM-DD HH:MM")
            }
            start = hours
        }
        let useTraceRepairs: Bool
        switch try spec.value("repair_time", defaultFrom: ScenarioFormat.incidentTrace)!.string() {
        case "trace": useTraceRepairs = true
        case "model": useTraceRepairs = false
        default: throw spec.optional("repair_time")!.error("expected 'trace' (the log's repair times) or 'model' (the class's repair_time)")
        }

        let classNames = configuration.componentClasses.map(\.name)
        let topology = FleetTopology(configuration)
        let categoriesField = try spec.required("categories", expected: "the log's categories mapped to {component, mode}")
        var mapping: [String: (componentClass: Int, mode: Int)] = [:]
        for (category, target) in try categoriesField.namedEntries(expected: "categories") {
            let entry = try target.mapping(allowed: ScenarioFormat.incidentCategory.keys)
            let classIndex = try entry.required("component", expected: "a component class").reference(to: classNames, kind: "component class")
            let modes = configuration.componentClasses[classIndex].modes.map(\.name)
            let mode = try entry.optional("mode")?.reference(to: modes, kind: "failure mode of \(classNames[classIndex])") ?? 0
            mapping[category] = (classIndex, mode)
        }

        var failures: [IncidentTrace.Failure] = []
        for record in records where record.time >= start && record.time - start < configuration.horizon {
            guard let (classIndex, mode) = mapping[record.category] else {
                throw categoriesField.error("the log has category '\(record.category)' (\(file):\(record.line)), which is not mapped; map it to a component and mode")
            }
            let instances = topology.instanceCount[classIndex]
            guard let node = record.node, node < instances else {
                throw fileField.error("\(file):\(record.line): node \(record.node.map(String.init) ?? "(none)") has no \(classNames[classIndex]) instance; the fleet has \(instances) (0 to \(instances - 1))")
            }
            failures.append(IncidentTrace.Failure(
                time: record.time - start, componentClass: classIndex, instance: node, mode: mode,
                repairTime: useTraceRepairs ? record.repairHours : nil))
        }
        return IncidentTrace(failures: failures, tracedClasses: Set(mapping.values.map(\.componentClass)))
    }
}
