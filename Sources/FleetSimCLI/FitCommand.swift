import ArgumentParser
import Foundation
import Reports
import ScenarioLoading
import Stochastics

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit failure and repair distributions to an incident log by maximum likelihood.",
        discussion: """
            Fits exponential, Weibull and lognormal distributions (GSL) to the times between \
            failures and to the repair times of an incident log, reports each fit's parameters \
            with standard errors, log-likelihood, AIC and a Kolmogorov–Smirnov test, and prints a \
            component-class block for a scenario file with the best fits by AIC. Log formats are \
            described in docs/incident-logs.md.

            Examples:
              fleetsim fit incidents.csv
              xz -dc scenarios/data/lanl-failures-1996-2005.csv.xz > /tmp/lanl.csv
              fleetsim fit /tmp/lanl.csv --format lanl --system 20 --category Hardware
            """
    )

    @OptionGroup var source: IncidentLogOptions

    @Option(help: "Times between failures per node (a component's time to failure) or per system.")
    var per: IncidentLog.Grouping = .node

    @Option(help: "Component class name for the printed scenario block.")
    var className: String = "node"

    @Option(name: [.short, .long], help: "Also write the scenario block to this file.")
    var output: String?

    @Flag(help: "Print the fits as JSON (docs/output.md, \"--json on the terminal\") instead of the tables.")
    var json = false

    func run() throws {
        let records = try source.records()
        let (log, format, system, category) = (source.log, source.format, source.system, source.category)
        let span = (records.last!.time - records.first!.time) / 24
        let nodes = Set(records.compactMap(\.node)).count
        say("\(log): \(records.count) incidents over \(String(format: "%.0f", span)) days, \(nodes) nodes")

        let (gaps, dropped) = IncidentLog.timesBetweenFailures(records, per: per)
        say("\nTime between failures (per \(per.rawValue); \(gaps.count) gaps, \(dropped) zero gaps dropped), hours:")
        let failureFits = try fitAndShow(gaps)
        let repairs = records.compactMap(\.repairHours).filter { $0 > 0 }
        say("\nRepair time (\(repairs.count) incidents with a positive repair time), hours:")
        let repairFits = try fitAndShow(repairs)

        var block = "# fleetsim fit \(log) (\(format.rawValue)"
        if let system { block += ", system \(system)" }
        if let category { block += ", category \(category)" }
        block += "): best fits by AIC; time to failure per \(per.rawValue)\ncomponent_classes:\n  \(className):\n"
        block += "    time_to_failure: \"\(DistributionText.scenarioText(failureFits[0].distribution))\"\n"
        block += "    repair_time: \"\(DistributionText.scenarioText(repairFits[0].distribution))\"\n"
        say("\nScenario block:\n" + block, terminator: "")
        if json {
            func number(_ value: Double) -> Any { value.isFinite ? value : NSNull() }
            func fits(_ fits: [DistributionFit], sample: Int) -> [String: Any] {
                ["sample_size": sample, "best": DistributionText.scenarioText(fits[0].distribution), "fits": fits.map { fit -> [String: Any] in
                    ["family": fit.distribution.family, "scenario_text": DistributionText.scenarioText(fit.distribution),
                     "parameters": fit.parameters.map { ["name": $0.name, "value": number($0.value), "standard_error": number($0.standardError)] },
                     "log_likelihood": number(fit.logLikelihood), "aic": number(fit.aic), "ks_statistic": number(fit.ksStatistic),
                     "ks_p_value": number(fit.ksPValue)]
                }]
            }
            var document: [String: Any] = [
                "format": "fleetsim.fit/1", "log": log, "log_format": format.rawValue, "incidents": records.count, "days": span, "nodes": nodes,
                "grouping": per.rawValue, "zero_gaps_dropped": dropped,
                "time_between_failures_hours": fits(failureFits, sample: gaps.count), "repair_time_hours": fits(repairFits, sample: repairs.count),
                "scenario_block": block,
            ]
            document["system"] = system
            document["category"] = category
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
        if let output { try AtomicFile.write(Data(block.utf8), to: URL(fileURLWithPath: output)) }
    }

    /// The text report, on stdout unless --json replaces it.
    func say(_ text: String, terminator: String = "\n") {
        if !json { print(text, terminator: terminator) }
    }

    func fitAndShow(_ data: [Double]) throws -> [DistributionFit] {
        let fits: [DistributionFit]
        do { fits = try MaximumLikelihood.fitAll(data) } catch { throw CLIError("\(source.log): \(error)") }
        say("  family       parameters (± standard error)                      log L         AIC   KS D  KS p")
        for fit in fits {
            let parameters = fit.parameters.map { String(format: "%@ %.4g ± %.2g", $0.name, $0.value, $0.standardError) }
                .joined(separator: ", ")
            say("  " + fit.distribution.family.padding(toLength: 11, withPad: " ", startingAt: 0) + "  "
                  + parameters.padding(toLength: 48, withPad: " ", startingAt: 0)
                  + String(format: "  %11.1f  %10.1f  %.3f  %.3g", fit.logLikelihood, fit.aic, fit.ksStatistic, fit.ksPValue))
        }
        return fits
    }
}

