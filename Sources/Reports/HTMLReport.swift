import CSV
import Foundation
import Stochastics

/// One self-contained HTML page for a results directory: the run's identity, every KPI with its
/// confidence interval, the capacity timeline, the incident breakdown and, when present, the
/// strategy comparison — charts as inline SVG, styles inline, no script and nothing fetched, so
/// it opens offline and can be mailed as one file.
public enum HTMLReport {
    public static func page(for results: ResultsDirectory) -> String {
        if results.kind == .comparison { return comparisonPage(results) }
        let summary = results.summary
        let metrics = summary["metrics"] as? [[String: Any]] ?? []
        // Charts first, the full table after, the run's identity last.
        var sections: [String] = []
        if let chart = capacity(results) { sections.append(chart) }
        if let chart = siteAvailability(results) { sections.append(chart) }
        if let chart = incidents(results) { sections.append(chart) }
        if let chart = costs(results) { sections.append(chart) }
        if let chart = comparison(results) { sections.append(chart) }
        sections.append(kpis(metrics))
        sections.append(identity(results))
        return document(title: "FleetSim — \(SVGChart.escape(results.scenarioName))", sections: sections)
    }

    static func document(title: String, sections: [String]) -> String {
        """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(style)</style></head>
            <body><main>
            <h1>\(title)</h1>
            \(sections.joined(separator: "\n"))
            <footer>Written by <code>fleetsim report</code>; columns and metrics: docs/output.md.</footer>
            </main></body></html>

            """
    }

    /// The page for a plan's directory (`fleetsim plan`): the recommendation, the ranked
    /// candidates, the Pareto frontiers and the tornado of the recommended plan.
    public static func planPage(directory: URL) throws(ResultsDirectoryError) -> String {
        func text(_ name: String) -> String? { ResultsDirectory.text(name, in: directory) }
        guard let json = text("plan.json"), let plan = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            throw ResultsDirectoryError("\(directory.path) has no plan.json; expected a directory written by `fleetsim plan`")
        }
        let objective = plan["objective"] as? String ?? ""
        var sections: [String] = []
        var summary = "<section><h2>Plan</h2><table class=\"identity\">"
        for (label, key) in [("Plan file", "plan_file"), ("Scenario", "scenario_file"), ("Seed", "seed"), ("Candidates", "candidates"),
                             ("Replications used", "replications_used"), ("Brute force would use", "brute_force_replications")] {
            summary += "<tr><th>\(label)</th><td>\(SVGChart.escape("\(plan[key] ?? "")"))</td></tr>"
        }
        if let recommended = plan["recommended"] as? [String: Any], let values = recommended["values"] as? [String: Any] {
            let choice = values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: ", ")
            summary += "<tr><th>Recommended</th><td><strong>\(SVGChart.escape(choice))</strong></td></tr>"
        } else {
            summary += "<tr><th>Recommended</th><td><strong>none: no candidate meets every constraint</strong></td></tr>"
        }
        sections.append(summary + "</table></section>")
        let units = plan["units"] as? [String: String] ?? [:]
        func axis(_ metric: String) -> String { units[metric].map { "\(metric) (\($0))" } ?? metric }
        let recommendedCandidate = (plan["recommended"] as? [String: Any])?["candidate"] as? Int
        let constraints = plan["constraints"] as? [[String: Any]] ?? []
        func limit(_ metric: String) -> (value: Double, label: String)? {
            guard let constraint = constraints.first(where: { $0["metric"] as? String == metric }) else { return nil }
            let unit = units[metric] ?? ""
            if let minimum = constraint["min"] as? Double { return (minimum, "constraint: ≥ \(ReportFormat.quantity(minimum, unit: unit))") }
            if let maximum = constraint["max"] as? Double { return (maximum, "constraint: ≤ \(ReportFormat.quantity(maximum, unit: unit))") }
            return nil
        }
        if let csv = text("pareto.csv"), let table = try? CSVTable(parsing: csv),
           let xs = table.column("x_metric"), let ys = table.column("y_metric"), let x = table.column("x"), let y = table.column("y"),
           let on = table.column("on_frontier"), let candidates = table.column("candidate") {
            let variableColumns = table.header.indices.filter { $0 > (table.header.firstIndex(of: "on_frontier") ?? table.header.count) }
            var html = "<section><h2>Pareto frontiers</h2>"
            var pairs: [String] = []
            for (a, b) in zip(xs, ys) where !pairs.contains("\(a)|\(b)") { pairs.append("\(a)|\(b)") }
            for pair in pairs {
                let rows = xs.indices.filter { "\(xs[$0])|\(ys[$0])" == pair && Double(x[$0]) != nil && Double(y[$0]) != nil }
                guard let first = rows.first else { continue }
                let points = rows.map { (x: Double(x[$0])!, y: Double(y[$0])!) }
                let frontier = Set(rows.enumerated().filter { on[$0.element] == "true" }.map(\.offset))
                var labels: [Int: String] = [:]
                for (offset, row) in rows.enumerated() where frontier.contains(offset) || Int(candidates[row]) == recommendedCandidate {
                    labels[offset] = variableColumns.map { table.rows[row][$0] }.joined(separator: ", ")
                }
                let recommended = rows.firstIndex { Int(candidates[$0]) == recommendedCandidate }
                html += SVGChart.scatter(title: "\(ys[first]) against \(xs[first]): every candidate, the frontier joined",
                                         points: points, highlighted: frontier, xLabel: axis(xs[first]), yLabel: axis(ys[first]),
                                         labels: labels, recommended: recommended, xLimit: limit(xs[first]), yLimit: limit(ys[first]))
            }
            if !variableColumns.isEmpty {
                html += "<p class=\"note\">Points are labelled with their "
                    + variableColumns.map { SVGChart.escape(table.header[$0]) }.joined(separator: ", ") + ".</p>"
            }
            sections.append(html + "</section>")
        }
        if let csv = text("sensitivity.csv"), let table = try? CSVTable(parsing: csv), let inputs = table.column("input"),
           let low = table.column("objective_low"), let base = table.column("objective_base"), let high = table.column("objective_high"),
           let changes = table.column("change"), !inputs.isEmpty {
            let lows = zip(low, high).map { min(Double($0) ?? 0, Double($1) ?? 0) }, highs = zip(low, high).map { max(Double($0) ?? 0, Double($1) ?? 0) }
            let unit = units[objective] ?? ""
            sections.append("<section><h2>Sensitivity of the recommended plan</h2>" + SVGChart.intervals(
                title: "\(objective) with each input moved down and up by \(changes.first ?? "") (tornado; dot: as planned)",
                labels: inputs, mean: base.map { Double($0) ?? 0 }, low: lows, high: highs, valueLabel: axis(objective),
                endValues: { ReportFormat.quantity($0, unit: unit) }) + "</section>")
        }
        if let csv = text("candidates.csv"), let table = try? CSVTable(parsing: csv) {
            var html = "<section><h2>Candidates</h2><table class=\"kpis\"><tr>"
            html += table.header.filter { !$0.hasSuffix("_ci_low") && !$0.hasSuffix("_ci_high") }.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "</tr>"
            let keep = table.header.indices.filter { !table.header[$0].hasSuffix("_ci_low") && !table.header[$0].hasSuffix("_ci_high") }
            for row in table.rows.prefix(25) {
                html += "<tr>" + keep.map { index in
                    let cell = index < row.count ? row[index] : ""
                    return Double(cell).map { "<td class=\"number\">\(SVGChart.number($0))</td>" } ?? "<td>\(SVGChart.escape(cell))</td>"
                }.joined() + "</tr>"
            }
            sections.append(html + "</table></section>")
        }
        return document(title: "FleetSim plan — \(SVGChart.escape(directory.lastPathComponent))", sections: sections)
    }

    static func identity(_ results: ResultsDirectory) -> String {
        let s = results.summary
        let scenario = s["scenario"] as? [String: Any] ?? [:]
        let rows: [(String, String)] = [
            ("Scenario file", "\(scenario["file"] ?? "")"), ("Content hash", "\(scenario["content_hash"] ?? "")"),
            ("Seed", "\(results.seed)"), ("Replications", "\(results.replications)"),
            ("Horizon", "\(s["horizon_hours"] ?? "") h (warm-up \(s["warmup_hours"] ?? 0) h)"),
            ("Events", "\(s["events_fired"] ?? "")"), ("Tool version", "\(s["tool_version"] ?? "")"),
        ]
        return "<section><h2>Run</h2><table class=\"identity\">"
            + rows.map { "<tr><th>\($0.0)</th><td>\(SVGChart.escape($0.1))</td></tr>" }.joined() + "</table></section>"
    }

    static func kpis(_ metrics: [[String: Any]]) -> String {
        let level = 95
        var clampedAny = false
        var html = "<section><h2>KPIs</h2><table class=\"kpis\"><tr><th>metric</th><th>mean</th><th>\(level)% interval</th><th>unit</th><th>better</th><th>meaning</th></tr>"
        for metric in metrics {
            let unit = metric["unit"] as? String ?? ""
            let mean = metric["mean"] as? Double
            var interval = ""
            if let low = metric["ci_low"] as? Double, let high = metric["ci_high"] as? Double, low <= high {
                let (bounded, clamped) = ReportFormat.bounded(low...high, unit: unit)
                clampedAny = clampedAny || clamped
                let mark = clamped ? "*" : ""
                interval = "\(ReportFormat.number(bounded.lowerBound))\(bounded.lowerBound != low ? mark : "") – "
                    + "\(ReportFormat.number(bounded.upperBound))\(bounded.upperBound != high ? mark : "")"
            }
            let better = ["higher_is_better": "higher", "lower_is_better": "lower"][metric["direction"] as? String ?? ""] ?? ""
            html += "<tr><td><code>\(SVGChart.escape(metric["name"] as? String ?? ""))</code></td>"
                + "<td class=\"number\">\(mean.map { SVGChart.escape(ReportFormat.isCurrency(unit) ? ReportFormat.quantity($0, unit: unit) : ReportFormat.number($0)) } ?? "n/a")</td>"
                + "<td class=\"number\">\(interval)</td><td>\(SVGChart.escape(unit))</td><td>\(better)</td>"
                + "<td>\(SVGChart.escape(metric["description"] as? String ?? ""))</td></tr>"
        }
        html += "</table>"
        if clampedAny {
            html += "<p class=\"note\">* the t interval reached beyond what the quantity can be (below 0, or above 1 for a share) "
                + "and is shown clamped at that bound; summary.json and metrics.csv keep it as computed.</p>"
        }
        let shares = metrics.filter { $0["unit"] as? String == "fraction" && $0["mean"] is Double && $0["ci_low"] is Double }
        if !shares.isEmpty {
            let bounded = shares.map { ReportFormat.bounded(($0["ci_low"] as! Double)...max($0["ci_low"] as! Double, $0["ci_high"] as! Double), unit: "fraction").interval }
            html += SVGChart.intervals(
                title: "Share-valued KPIs with \(level)% confidence intervals (within 0–1)", labels: shares.map { $0["name"] as? String ?? "" },
                mean: shares.map { $0["mean"] as! Double }, low: bounded.map(\.lowerBound), high: bounded.map(\.upperBound), valueLabel: "fraction")
        }
        return html + "</section>"
    }

    /// Mean and 95% t interval of each group of values, kept within `unit`'s bounds.
    static func summarise(_ values: [Double], unit: String) -> (mean: Double, low: Double, high: Double) {
        let stats = SampleStatistics(values)
        guard let interval = stats.confidenceInterval(level: 0.95) else { return (stats.mean, stats.mean, stats.mean) }
        let bounded = ReportFormat.bounded(interval, unit: unit).interval
        return (stats.mean, bounded.lowerBound, bounded.upperBound)
    }

    static func capacity(_ results: ResultsDirectory) -> String? {
        guard let text = results.text("capacity.csv"), let table = try? CSVTable(parsing: text),
              let times = table.column("time_hours"), let usable = table.column("usable_gpus"),
              let availability = table.column("availability") else { return nil }
        var byTime: [Double: [Double]] = [:]
        var installed: Double?
        for (time, (value, share)) in zip(times, zip(usable, availability)) {
            if let t = Double(time), let v = Double(value) { byTime[t, default: []].append(v) }
            if installed == nil, let v = Double(value), let a = Double(share), a > 0 { installed = v / a }
        }
        let x = byTime.keys.sorted()
        guard x.count >= 2 else { return nil }
        let bands = x.map { summarise(byTime[$0]!, unit: "GPUs") }
        let ceiling = installed.map { $0.rounded() }
        let chart = SVGChart.band(
            title: "Usable GPUs over time: mean over replications and its 95% confidence band", x: x.map { $0 / 24 },
            mean: bands.map(\.mean), low: bands.map(\.low), high: bands.map { min($0.high, ceiling ?? .infinity) },
            xLabel: "time (days)", yLabel: "usable GPUs",
            reference: ceiling.map { ($0, "installed: \(ReportFormat.number($0)) GPUs") })
        return "<section><h2>Capacity</h2>\(chart)</section>"
    }

    static func siteAvailability(_ results: ResultsDirectory) -> String? {
        guard let text = results.text("sites.csv"), let table = try? CSVTable(parsing: text),
              let sites = table.column("site"), let availability = table.column("availability") else { return nil }
        var order: [String] = [], values: [String: [Double]] = [:]
        for (site, value) in zip(sites, availability) {
            guard let v = Double(value) else { continue }
            if values[site] == nil { order.append(site) }
            values[site, default: []].append(v)
        }
        guard order.count >= 2 else { return nil }
        let stats = order.map { summarise(values[$0]!, unit: "fraction") }
        let chart = SVGChart.intervals(title: "Availability by site: mean and 95% interval over replications", labels: order,
                                       mean: stats.map(\.mean), low: stats.map(\.low), high: stats.map(\.high),
                                       valueLabel: "availability (usable ÷ installed GPU-hours)")
        return "<section><h2>Sites</h2>\(chart)</section>"
    }

    static func costs(_ results: ResultsDirectory) -> String? {
        guard let text = results.text("costs.csv"), let table = try? CSVTable(parsing: text),
              let items = table.column("item"), let kinds = table.column("kind"), let costs = table.column("cost") else { return nil }
        var order: [String] = [], totals: [String: Double] = [:]
        for (item, (kind, cost)) in zip(items, zip(kinds, costs)) where kind == "category" {
            if totals[item] == nil { order.append(item) }
            totals[item, default: 0] += Double(cost) ?? 0
        }
        let replications = Double(max(results.replications, 1))
        let currency = ((results.summary["metrics"] as? [[String: Any]])?.first { $0["name"] as? String == "tco_total" }?["unit"] as? String) ?? "USD"
        let parts = order.map { (label: $0, value: totals[$0]! / replications) }.sorted { $0.value > $1.value }
        let total = parts.reduce(0) { $0 + $1.value }
        let chart = SVGChart.stacked(title: "Total cost of ownership over the horizon: \(ReportFormat.quantity(total, unit: currency)) (mean over replications)",
                                     parts: parts) { ReportFormat.quantity($0, unit: currency) }
        return chart.isEmpty ? nil : "<section><h2>Costs</h2>\(chart)</section>"
    }

    static func incidents(_ results: ResultsDirectory) -> String? {
        guard let text = results.text("incidents.csv"), let table = try? CSVTable(parsing: text),
              let components = table.column("component"), let modes = table.column("mode"), let counts = table.column("incidents")
        else { return nil }
        var totals: [String: Double] = [:]
        for (component, (mode, count)) in zip(components, zip(modes, counts)) {
            totals["\(component) / \(mode)", default: 0] += Double(count) ?? 0
        }
        let replications = Double(max(results.replications, 1))
        let ranked = totals.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard !ranked.isEmpty else { return nil }
        let chart = SVGChart.bars(title: "Incidents by cause (per replication)", labels: ranked.map(\.key),
                                  values: ranked.map { $0.value / replications }, valueLabel: "incidents per replication")
        return "<section><h2>Incidents</h2>\(chart)</section>"
    }

    /// The page for a comparison's own folder (`fleetsim compare --output`): what was compared,
    /// each metric per strategy with its interval and paired difference, and the charts.
    static func comparisonPage(_ results: ResultsDirectory) -> String {
        let comparison = results.summary
        let strategies = comparison["strategies"] as? [String] ?? []
        let rows: [(String, String)] = [
            ("Scenario file", results.scenarioFile), ("Content hash", "\(comparison["content_hash"] ?? "")"),
            ("Seed", "\(results.seed)"), ("Replications", "\(results.replications) per strategy"),
            ("Strategies", strategies.joined(separator: ", ")), ("Baseline", "\(comparison["baseline"] ?? "")"),
        ]
        var identity = "<section><h2>Comparison</h2><table class=\"identity\">"
            + rows.map { "<tr><th>\($0.0)</th><td>\(SVGChart.escape($0.1))</td></tr>" }.joined() + "</table>"
        identity += "<p>Same seed for every strategy (common random numbers); Δ is the paired difference from the baseline, "
            + "* where its 95% interval excludes 0. Each strategy's own results are in <code>strategies/&lt;name&gt;/</code>.</p></section>"
        var table = "<section><h2>Metrics</h2><table class=\"kpis\"><tr><th>metric</th>"
            + strategies.map { "<th>\(SVGChart.escape($0))</th>" }.joined() + "<th>unit</th></tr>"
        for metric in comparison["metrics"] as? [[String: Any]] ?? [] {
            table += "<tr><td><code>\(SVGChart.escape(metric["metric"] as? String ?? ""))</code></td>"
            for entry in metric["strategies"] as? [[String: Any]] ?? [] {
                var cell = (entry["mean"] as? Double).map(SVGChart.number) ?? "n/a"
                if let low = entry["ci_low"] as? Double, let high = entry["ci_high"] as? Double {
                    cell += " (\(SVGChart.number(low)) – \(SVGChart.number(high)))"
                }
                if let difference = entry["difference_from_baseline"] as? Double {
                    cell += "<br>Δ \(SVGChart.number(difference))\(entry["difference_excludes_zero"] as? Bool == true ? "*" : "")"
                }
                table += "<td class=\"number\">\(cell)</td>"
            }
            table += "<td>\(SVGChart.escape(metric["unit"] as? String ?? ""))</td></tr>"
        }
        var sections = [identity, table + "</table></section>"]
        if let chart = Self.comparison(results) { sections.append(chart) }
        return document(title: "FleetSim — \(SVGChart.escape(results.scenarioName)): strategy comparison", sections: sections)
    }

    /// The strategy comparison as it is decided: each strategy's paired difference from the
    /// baseline with its 95% interval, against a line at zero.
    static func comparison(_ results: ResultsDirectory) -> String? {
        guard let text = results.text("comparison.csv"), let table = try? CSVTable(parsing: text),
              let metrics = table.column("metric"), let strategies = table.column("strategy"),
              let differences = table.column("difference_from_baseline"), let lows = table.column("difference_ci_low"),
              let highs = table.column("difference_ci_high") else { return nil }
        let units = Dictionary(((results.summary["metrics"] as? [[String: Any]]) ?? []).compactMap { metric in
            (metric["name"] as? String ?? metric["metric"] as? String).map { ($0, metric["unit"] as? String ?? "") }
        }, uniquingKeysWith: { a, _ in a })
        let baseline = strategies.first ?? ""
        var order: [String] = []
        for metric in metrics where !order.contains(metric) { order.append(metric) }
        var html = "<section><h2>Strategy comparison</h2><p class=\"note\">Each strategy minus \(SVGChart.escape(baseline)), "
            + "replication by replication on the same faults, with the 95% interval of the mean difference; an interval that "
            + "crosses the dashed zero line is no clear difference.</p>"
        for metric in order {
            let rows = metrics.indices.filter { metrics[$0] == metric && Double(differences[$0]) != nil }
            guard !rows.isEmpty else { continue }
            let unit = units[metric].map { $0.isEmpty || $0 == "count" || $0 == "fraction" ? "" : " (\($0))" } ?? ""
            html += SVGChart.intervals(
                title: "\(metric): change from \(baseline)", labels: rows.map { strategies[$0] }, mean: rows.map { Double(differences[$0])! },
                low: rows.map { Double(lows[$0]) ?? Double(differences[$0])! }, high: rows.map { Double(highs[$0]) ?? Double(differences[$0])! },
                valueLabel: "difference from \(baseline)\(unit)", zero: true)
        }
        return html + "</section>"
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2733;background:#fff;margin:0}
        main{max-width:880px;margin:0 auto;padding:24px}
        h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #d8dee6;padding-bottom:4px}
        table{border-collapse:collapse;font-size:13px;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}
        td.number{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}table.identity th{width:160px;color:#5a6775;font-weight:500}
        svg.chart{display:block;margin:14px 0;max-width:100%;height:auto}
        .title{font-size:14px;font-weight:600;fill:#1d2733}.tick{font-size:11px;fill:#5a6775}.label{font-size:12px;fill:#1d2733}
        .axis{stroke:#9aa5b1;stroke-width:1}.band{fill:#8fb8e8;opacity:.45}.line{fill:none;stroke:#1f5fa8;stroke-width:1.6}
        .bar{fill:#3b7dd8}.interval{stroke:#1f5fa8;stroke-width:2}.point{fill:#1f5fa8}.muted{fill:#b7c3cf}
        .reference{stroke:#c0392b;stroke-width:1.2;stroke-dasharray:5 4}.recommended{fill:#c0392b}
        .part0{fill:#1f5fa8}.part1{fill:#3b9c6e}.part2{fill:#e0a030}.part3{fill:#8e5ab8}.part4{fill:#d0604c}.part5{fill:#7f8c99}
        p.note{font-size:12px;color:#5a6775}
        footer{margin-top:32px;font-size:12px;color:#5a6775}code{font-size:12px}
        """
}
