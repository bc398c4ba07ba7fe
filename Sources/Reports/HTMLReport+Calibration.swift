import CSV
import Foundation

extension HTMLReport {
    /// The files of a calibration's folder (`fleetsim calibrate`) that its page draws on.
    public static let calibrationFiles = ["calibration.json", "qq.csv", "hold-out.csv"]

    /// The page for a calibration's folder, read from disk (`fleetsim report DIR`).
    public static func calibrationPage(directory: URL) throws(ResultsDirectoryError) -> String {
        var files: [String: Data] = [:]
        for name in calibrationFiles {
            if let text = ResultsDirectory.text(name, in: directory) { files[name] = Data(text.utf8) }
        }
        guard files["calibration.json"] != nil else {
            throw ResultsDirectoryError("\(directory.path) has no calibration.json; expected a directory written by `fleetsim calibrate`")
        }
        return calibrationPage(files: files)
    }

    /// The page for a calibration: the verdict per quantity, a Q-Q plot of each (logged against
    /// simulated quantiles, on the line y = x when they agree), the hold-out check, and what was
    /// fitted.
    public static func calibrationPage(files: [String: Data]) -> String {
        let document = files["calibration.json"].flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any] ?? [:]
        func text(_ value: Any?) -> String { SVGChart.escape(value.map { "\($0)" } ?? "") }
        func number(_ value: Any?) -> String { (value as? Double).map { ReportFormat.number($0) } ?? "n/a" }
        var sections: [String] = []

        let comparisons = document["comparisons"] as? [[String: Any]] ?? []
        var verdicts = "<section><h2>Simulated against logged</h2><table><tr><th>Quantity</th><th>Logged mean</th>"
            + "<th>Simulated mean</th><th>KS p</th><th>AD p</th><th>Verdict</th></tr>"
        for comparison in comparisons {
            let verdict = comparison["verdict"] as? String ?? ""
            verdicts += "<tr><td>\(text(comparison["title"]))</td><td class=\"number\">\(number(comparison["logged_mean"]))</td>"
                + "<td class=\"number\">\(number(comparison["simulated_mean"]))</td><td class=\"number\">\(number(comparison["ks_p_value"]))</td>"
                + "<td class=\"number\">\(number(comparison["anderson_darling_p_value"]))</td>"
                + "<td>\(verdict == "differs" ? "<strong>differs</strong>" : SVGChart.escape(verdict.replacingOccurrences(of: "_", with: " ")))</td></tr>"
        }
        let level = comparisons.first?["level"] as? Double
        verdicts += "</table><p class=\"note\">Verdict: consistent when the Anderson–Darling p-value (by permutation) is at least "
            + "\(level.map { ReportFormat.number($0) } ?? "the level") — alpha split over the quantities (Bonferroni).</p></section>"
        sections.append(verdicts)

        if let data = files["qq.csv"], let table = try? CSVTable(parsing: String(decoding: data, as: UTF8.self)),
           let quantities = table.column("quantity"), let logged = table.column("logged"), let simulated = table.column("simulated") {
            var html = "<section><h2>Q-Q plots</h2>"
            for comparison in comparisons {
                guard let name = comparison["quantity"] as? String else { continue }
                let points = quantities.indices.filter { quantities[$0] == name }.compactMap { index -> (x: Double, y: Double)? in
                    guard let x = Double(logged[index]), let y = Double(simulated[index]) else { return nil }
                    return (x, y)
                }
                let title = comparison["title"] as? String ?? name
                html += SVGChart.quantileQuantile(title: title, points: points, xLabel: "logged: \(title)", yLabel: "simulated")
            }
            sections.append(html + "<p class=\"note\">Each point is one probability's quantile in the log (x) and in the "
                + "simulation (y); points on the dashed line y = x mean the distributions agree there.</p></section>")
        }

        if let holdOut = document["hold_out"] as? [String: Any] {
            var html = "<section><h2>Hold-out check</h2>"
            if let skipped = holdOut["skipped"] {
                html += "<p>Skipped: \(text(skipped))</p>"
            } else {
                let share = (holdOut["fraction"] as? Double).map { "\(Int(($0 * 100).rounded()))%" } ?? ""
                html += "<p>Fitted on the log without its last \(share) (\(text(holdOut["training_incidents"])) incidents); "
                    + "predicting that last part (\(text(holdOut["held_out_incidents"])) incidents). Each replication uses a "
                    + "bootstrap refit, so the intervals carry the fit's uncertainty too.</p><table><tr><th>Figure</th><th>Logged</th>"
                    + "<th>Predicted interval</th><th></th></tr>"
                for prediction in holdOut["predictions"] as? [[String: Any]] ?? [] {
                    let unit = (prediction["unit"] as? String).map { $0.isEmpty ? "" : " \($0)" } ?? ""
                    let inside = prediction["inside"] as? Bool ?? false
                    html += "<tr><td>\(text(prediction["figure"]))</td><td class=\"number\">\(number(prediction["logged"]))\(unit)</td>"
                        + "<td class=\"number\">\(number(prediction["low"])) – \(number(prediction["high"]))\(unit)</td>"
                        + "<td>\(inside ? "inside" : "<strong>outside</strong>")</td></tr>"
                }
                html += "</table>"
            }
            sections.append(html + "</section>")
        }

        var identity = "<section><h2>Calibration</h2><table class=\"identity\">"
        for (label, key) in [("Log", "log"), ("Scenario", "scenario"), ("Class", "class"), ("Incidents", "incidents"),
                             ("Seed", "seed"), ("Replications", "replications")] {
            identity += "<tr><th>\(label)</th><td>\(text(document[key]))</td></tr>"
        }
        if let hours = document["period_hours"] as? Double {
            identity += "<tr><th>Period</th><td>\(ReportFormat.number(hours / 24)) days</td></tr>"
        }
        let fit = document["fit"] as? [String: Any] ?? [:]
        for (label, key) in [("Time to failure", "time_to_failure_hours"), ("Repair time", "repair_time_hours")] {
            let best = (fit[key] as? [[String: Any]])?.first?["scenario_text"] as? String ?? "kept from the scenario"
            identity += "<tr><th>\(label)</th><td><code>\(SVGChart.escape(best))</code></td></tr>"
        }
        sections.append(identity + "</table><p class=\"note\">calibrated.yaml sets these in a file that extends the scenario.</p></section>")
        let consistent = document["consistent"] as? Bool ?? false
        let title = "FleetSim calibration — \(text(document["class"])) of \(text(document["scenario"])): "
            + (consistent ? "consistent with the log" : "differs from the log")
        return Self.document(title: title, sections: sections)
    }
}
