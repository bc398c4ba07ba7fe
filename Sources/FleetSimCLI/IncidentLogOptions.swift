import ArgumentParser
import ScenarioLoading

/// The incident log a command reads (`fit`, `calibrate`), and which of its incidents.
struct IncidentLogOptions: ParsableArguments {
    @Argument(help: "Incident log (CSV; docs/incident-logs.md).")
    var log: String

    @Option(help: "Log format: fleetsim or lanl.")
    var format: IncidentLog.Format = .fleetsim

    @Option(help: "With --format lanl: the system number (default: all systems).")
    var system: Int?

    @Option(help: "Only incidents of this category (root cause), e.g. Hardware.")
    var category: String?

    /// The selected incidents in time order: at least `minimum`, or an error naming the
    /// categories present.
    func records(minimum: Int = 3) throws -> [IncidentRecord] {
        let all: [IncidentRecord]
        do { all = try IncidentLog.read(path: log, format: format, system: system) } catch { throw CLIError(error.description) }
        let records = category.map { wanted in all.filter { $0.category == wanted } } ?? all
        guard records.count >= minimum else {
            let categories = Set(all.map(\.category)).sorted().joined(separator: ", ")
            throw CLIError("\(log): \(records.count) incidents match; need at least \(minimum) (categories present: \(categories))")
        }
        return records
    }

    /// How the selection is described in outputs: `log (format, system N, category C)`.
    var selection: String {
        var text = "\(log) (\(format.rawValue)"
        if let system { text += ", system \(system)" }
        if let category { text += ", category \(category)" }
        return text + ")"
    }
}

extension IncidentLog.Format: ExpressibleByArgument {}
extension IncidentLog.Grouping: ExpressibleByArgument {}
