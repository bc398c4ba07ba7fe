import Foundation
@testable import Reports
import SimulationCore
import Testing

/// The report a planner would put on a slide: charts before the table, money with its currency
/// and thousands separators, units on the axes, intervals within what a quantity can be, the
/// installed line on the capacity chart, and comparisons as paired differences.
@Suite struct HTMLReportTests {
    static func results() throws -> URL {
        var capacity = ResultTable(name: "capacity", columns: [.number("time_hours"), .integer("usable_gpus"), .number("availability"),
                                                              .integer("faults_waiting_for_technician"), .integer("technicians_busy")])
        var sites = ResultTable(name: "sites", columns: [.string("site"), .string("kind"), .string("region"), .integer("installed_gpus"),
                                                        .number("availability"), .integer("incidents"), .integer("spares_stockouts"),
                                                        .number("technician_utilisation")])
        var costs = ResultTable(name: "costs", columns: [.string("item"), .string("kind"), .number("cost")])
        var replications: [ReplicationResult] = []
        for replication in 0..<3 {
            var c = capacity, s = sites, k = costs
            for day in 0..<5 {
                let usable = 1100 + replication * 10 + day
                c.append(["\(day * 24).0", "\(usable)", "\(Double(usable) / 1152)", "0", "1"])
            }
            s.append(["dc-1", "on_prem", "eu", "576", "\(0.99 - Double(replication) * 0.001)", "3", "0", "0.2"])
            s.append(["colo-1", "colocation", "eu", "576", "\(0.98 + Double(replication) * 0.001)", "4", "1", "0.3"])
            k.append(["hardware", "category", "\(32_000_000 + replication * 1000)"])
            k.append(["energy", "category", "4100000"])
            k.append(["staff", "category", "900000"])
            replications.append(ReplicationResult(index: replication, values: [0.99, [0.0, 0.0, 3.0][replication], 3.2e7],
                                                  eventsFired: 100, tables: [c, s, k]))
            _ = (capacity, sites, costs)
        }
        let run = RunResults(scenario: .init(name: "slide", file: "s.yaml", contentHash: "0"), seed: 1, horizonHours: 120, warmupHours: 0,
                             metrics: [Metric(name: "availability", unit: "fraction", description: "Up.", direction: .higherIsBetter),
                                       Metric(name: "spares_stockouts", unit: "count", description: "Stock-outs.", direction: .lowerIsBetter),
                                       Metric(name: "tco_total", unit: "USD", description: "Total.", direction: .lowerIsBetter)],
                             replications: replications)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID())")
        try ResultsWriter().write(run, to: directory)
        try """
            metric,strategy,mean,ci_low,ci_high,difference_from_baseline,difference_ci_low,difference_ci_high
            availability,manual,0.99,0.98,1.0,,,
            availability,closed-loop,0.995,0.99,1.0,0.005,0.001,0.009
            """.write(to: directory.appendingPathComponent("comparison.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func aReportFitForASlide() throws {
        let directory = try Self.results()
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = HTMLReport.page(for: try ResultsDirectory(path: directory.path))
        // Charts first, then the table, then the run's details.
        let firstChart = try #require(html.range(of: "<svg class=\"chart\""))
        let table = try #require(html.range(of: "<h2>KPIs</h2>")), run = try #require(html.range(of: "<h2>Run</h2>"))
        #expect(firstChart.lowerBound < table.lowerBound && table.lowerBound < run.lowerBound)
        // Money with its currency and separators; no exponent anywhere.
        #expect(html.contains("USD 37,001,000") && html.contains("USD 32,001,000"), "the TCO and its largest part")
        #expect(!html.contains("e+0") && !html.contains("e+1"))
        // Capacity: installed line, confidence band, units on the axes.
        #expect(html.contains("installed: 1,152 GPUs") && html.contains("95% confidence band"))
        #expect(html.contains(">time (days)<") && html.contains(">usable GPUs<"))
        // Stock-outs 0, 0, 3: the t interval reaches below 0; the report clamps it at 0 and says so.
        let row = try #require(html.components(separatedBy: "<tr>").first { $0.contains("<code>spares_stockouts</code>") })
        #expect(row.contains(">0* – ") && !row.contains("−"), "\(row)")
        #expect(html.contains("shown clamped at that bound"))
        // Sites, and the comparison as paired differences against zero.
        #expect(html.contains("Availability by site") && html.contains(">dc-1<") && html.contains(">colo-1<"))
        #expect(html.contains("availability: change from manual") && html.contains("class=\"reference\""))
    }

    @Test func numbersReadAsPeopleWriteThem() {
        #expect(ReportFormat.number(32_412_118.4) == "32,412,118")
        #expect(ReportFormat.number(1250.25) == "1,250.3")
        #expect(ReportFormat.number(-4_000_000) == "−4,000,000")
        #expect(ReportFormat.number(0.99876) == "0.9988" && ReportFormat.number(3.2e-5) == "3.2e-05" && ReportFormat.number(12) == "12")
        #expect(ReportFormat.quantity(1_500_000, unit: "EUR") == "EUR 1,500,000" && ReportFormat.quantity(4.5, unit: "h") == "4.5 h")
        #expect(ReportFormat.bounded(-0.48...1.2, unit: "count") == (0...1.2, true))
        #expect(ReportFormat.bounded(0.97...1.01, unit: "fraction") == (0.97...1, true))
        #expect(ReportFormat.bounded(0.2...0.4, unit: "h") == (0.2...0.4, false))
    }
}

extension HTMLReportTests {
    /// The plan page: units on the Pareto axes, the constraint as a line, frontier points
    /// labelled with their values and the recommended plan marked; the tornado with values and
    /// units; charts before the candidates' table.
    @Test func thePlanPageLabelsWhatMatters() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-report-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [
            "plan.json": """
                {"format": "fleetsim.plan/1", "plan_file": "p.yaml", "scenario_file": "s.yaml", "seed": 1, "candidates": 3,
                 "replications_used": 12, "brute_force_replications": 24, "objective": "tco_total", "minimize": true,
                 "constraints": [{"metric": "mean_usable_gpus", "min": 1140, "confidence": 0.95}],
                 "units": {"tco_total": "USD", "mean_usable_gpus": "GPUs"},
                 "recommended": {"candidate": 1, "values": {"sourcing": "colocation"}, "objective_mean": 1.04e8, "replications": 8}}
                """,
            "pareto.csv": """
                x_metric,y_metric,candidate,x,y,on_frontier,sourcing
                tco_total,mean_usable_gpus,0,113589653.5,1150.7,true,on-prem
                tco_total,mean_usable_gpus,1,104300761.2,1150.2,true,colocation
                tco_total,mean_usable_gpus,2,109478424.1,1148.0,false,hybrid
                """,
            "sensitivity.csv": """
                input,change,objective_low,objective_base,objective_high,swing
                hardware_price,±0.2,94407564.9,104007564.9,113607564.9,19200000.0
                """,
            "candidates.csv": "rank,candidate,sourcing,status\n1,1,colocation,feasible\n",
        ]
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let html = try HTMLReport.planPage(directory: directory)
        #expect(html.contains(">tco_total (USD)<") && html.contains(">mean_usable_gpus (GPUs)<"))
        #expect(html.contains("constraint: ≥ 1,140 GPUs") && html.contains("class=\"reference\""))
        #expect(html.contains("colocation (recommended)") && html.contains("class=\"recommended\"") && html.contains(">on-prem<"))
        #expect(html.contains("USD 94,407,565") && html.contains("USD 113,607,565"), "the tornado's ends, with units")
        let chart = try #require(html.range(of: "<svg")), table = try #require(html.range(of: "<h2>Candidates</h2>"))
        #expect(chart.lowerBound < table.lowerBound)
    }
}
