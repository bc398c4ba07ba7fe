import Foundation

/// Small, dependency-free SVG charts for the HTML report: a band-and-line time series,
/// horizontal bars, and means with confidence intervals. Each returns a self-contained `<svg>`
/// element with a title, axes and labels, sized to its content.
enum SVGChart {
    static let width = 760.0
    static let left = 210.0, right = 30.0

    /// A line (`mean`) over a shaded band (`low`…`high`) against `x`, with an optional dashed
    /// horizontal `reference` line (installed capacity) labelled at its right end.
    static func band(title: String, x: [Double], mean: [Double], low: [Double], high: [Double], xLabel: String, yLabel: String,
                     reference: (value: Double, label: String)? = nil) -> String {
        guard let xMin = x.min(), let xMax = x.max(), xMax > xMin, let yMin = low.min(), var yMax = high.max() else { return "" }
        if let reference { yMax = max(yMax, reference.value) }
        let plane = Plane(x: (xMin, xMax), y: padded(yMin, yMax), left: 80, height: 300)
        let upper = zip(x, high).map { "\(f(plane.px($0))),\(f(plane.py($1)))" }
        let lower = zip(x, low).reversed().map { "\(f(plane.px($0))),\(f(plane.py($1)))" }
        let line = zip(x, mean).map { "\(f(plane.px($0))),\(f(plane.py($1)))" }.joined(separator: " ")
        var svg = open(title: title, height: plane.height)
            + "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>"
            + "<polyline class=\"line\" points=\"\(line)\"/>"
        if let reference {
            let y = f(plane.py(reference.value))
            svg += "<line class=\"reference\" x1=\"\(f(plane.px(xMin)))\" x2=\"\(f(plane.px(xMax)))\" y1=\"\(y)\" y2=\"\(y)\"/>"
                + "<text class=\"tick\" x=\"\(f(plane.px(xMax)))\" y=\"\(f(plane.py(reference.value) - 5))\" text-anchor=\"end\">\(escape(reference.label))</text>"
        }
        return svg + plane.frame(xLabel: xLabel, yLabel: yLabel) + "</svg>"
    }

    /// One bar split into parts (a cost breakdown), each part labelled in a legend with its value
    /// and share of the whole.
    static func stacked(title: String, parts: [(label: String, value: Double)], format: (Double) -> String) -> String {
        let shown = parts.filter { $0.value > 0 }
        let total = shown.reduce(0) { $0 + $1.value }
        guard total > 0 else { return "" }
        let top = 40.0, barHeight = 28.0, row = 20.0
        let height = top + barHeight + 24 + row * Double(shown.count) + 12
        let span = width - 20 - right
        var svg = open(title: title, height: height)
        var x = 20.0
        for (index, part) in shown.enumerated() {
            let w = part.value / total * span
            svg += "<rect class=\"part\(index % 6)\" x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(barHeight))\"/>"
            x += w
        }
        for (index, part) in shown.enumerated() {
            let y = top + barHeight + 24 + row * Double(index)
            svg += "<rect class=\"part\(index % 6)\" x=\"20\" y=\"\(f(y - 10))\" width=\"12\" height=\"12\"/>"
            svg += "<text class=\"tick\" x=\"40\" y=\"\(f(y))\">\(escape(part.label)): \(escape(format(part.value))) "
                + "(\(String(format: "%.1f", part.value / total * 100))%)</text>"
        }
        return svg + "</svg>"
    }

    /// One bar per label, longest scale first.
    static func bars(title: String, labels: [String], values: [Double], valueLabel: String) -> String {
        guard let maximum = values.max(), maximum > 0 else { return "" }
        let row = 22.0, top = 36.0
        let height = top + row * Double(labels.count) + 40
        func px(_ v: Double) -> Double { left + v / maximum * (width - left - right - 50) }
        var svg = open(title: title, height: height)
        for (index, (label, value)) in zip(labels, values).enumerated() {
            let y = top + row * Double(index)
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(escape(label))</text>"
            svg += "<rect class=\"bar\" x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(px(value) - left))\" height=\"\(f(row - 8))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(px(value) + 5))\" y=\"\(f(y + 15))\">\(number(value))</text>"
        }
        svg += "<text class=\"label\" x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(escape(valueLabel))</text>"
        return svg + "</svg>"
    }

    /// Means with their intervals, one row per label, on a shared axis; with `zero`, a line at 0
    /// (for differences: an interval that crosses it is not a difference).
    static func intervals(title: String, labels: [String], mean: [Double], low: [Double], high: [Double], valueLabel: String,
                          zero: Bool = false, endValues: ((Double) -> String)? = nil) -> String {
        guard let minimumRaw = low.min(), let maximumRaw = high.max() else { return "" }
        let (minimum, maximum) = padded(zero ? min(minimumRaw, 0) : minimumRaw, zero ? max(maximumRaw, 0) : maximumRaw)
        let row = 24.0, top = 36.0
        let height = top + row * Double(labels.count) + 48
        func px(_ v: Double) -> Double { left + (v - minimum) / (maximum - minimum) * (width - left - right) }
        var svg = open(title: title, height: height)
        svg += axes(left: left, top: top, bottom: height - 48, right: width - right)
        if zero {
            svg += "<line class=\"reference\" x1=\"\(f(px(0)))\" x2=\"\(f(px(0)))\" y1=\"\(f(top))\" y2=\"\(f(height - 48))\"/>"
        }
        for (index, label) in labels.enumerated() {
            let y = top + row * Double(index) + row / 2
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escape(label))</text>"
            svg += "<line class=\"interval\" x1=\"\(f(px(low[index])))\" x2=\"\(f(px(high[index])))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
            svg += "<circle class=\"point\" cx=\"\(f(px(mean[index])))\" cy=\"\(f(y))\" r=\"4\"/>"
            if let endValues {
                // Each end's value just outside the interval, or inside it where the chart ends.
                let lowInside = px(low[index]) - left < 110, highInside = width - right - px(high[index]) < 110
                svg += "<text class=\"tick\" x=\"\(f(px(low[index]) + (lowInside ? 4 : -4)))\" y=\"\(f(y - 5))\" text-anchor=\"\(lowInside ? "start" : "end")\">"
                    + "\(escape(endValues(low[index])))</text>"
                    + "<text class=\"tick\" x=\"\(f(px(high[index]) + (highInside ? -4 : 4)))\" y=\"\(f(y - 5))\" text-anchor=\"\(highInside ? "end" : "start")\">"
                    + "\(escape(endValues(high[index])))</text>"
            }
        }
        for tick in ticks(minimum, maximum) {
            svg += "<text class=\"tick\" x=\"\(f(px(tick)))\" y=\"\(f(height - 32))\" text-anchor=\"middle\">\(number(tick))</text>"
        }
        svg += "<text class=\"label\" x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(escape(valueLabel))</text>"
        return svg + "</svg>"
    }

    /// Points, the highlighted ones (a Pareto frontier) drawn solid, joined in x order and
    /// labelled (`labels`); `recommended` drawn apart; dashed lines for limits on either axis
    /// (constraints).
    static func scatter(title: String, points: [(x: Double, y: Double)], highlighted: Set<Int>, xLabel: String, yLabel: String,
                        labels: [Int: String] = [:], recommended: Int? = nil,
                        xLimit: (value: Double, label: String)? = nil, yLimit: (value: Double, label: String)? = nil) -> String {
        guard var xMin = points.map(\.x).min(), var xMax = points.map(\.x).max(),
              var yMin = points.map(\.y).min(), var yMax = points.map(\.y).max() else { return "" }
        if let xLimit { xMin = min(xMin, xLimit.value); xMax = max(xMax, xLimit.value) }
        if let yLimit { yMin = min(yMin, yLimit.value); yMax = max(yMax, yLimit.value) }
        let plane = Plane(x: padded(xMin, xMax), y: padded(yMin, yMax), left: 90, height: 340)
        var svg = open(title: title, height: plane.height) + plane.frame(xLabel: xLabel, yLabel: yLabel)
        if let yLimit {
            let y = f(plane.py(yLimit.value))
            svg += "<line class=\"reference\" x1=\"\(f(plane.left))\" x2=\"\(f(width - right))\" y1=\"\(y)\" y2=\"\(y)\"/>"
                + "<text class=\"tick\" x=\"\(f(width - right))\" y=\"\(f(plane.py(yLimit.value) - 5))\" text-anchor=\"end\">\(escape(yLimit.label))</text>"
        }
        if let xLimit {
            let x = f(plane.px(xLimit.value))
            svg += "<line class=\"reference\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(f(plane.top))\" y2=\"\(f(plane.height - plane.bottom))\"/>"
                + "<text class=\"tick\" x=\"\(f(plane.px(xLimit.value) + 4))\" y=\"\(f(plane.top + 10))\">\(escape(xLimit.label))</text>"
        }
        let frontier = highlighted.sorted { points[$0].x < points[$1].x }.map { "\(f(plane.px(points[$0].x))),\(f(plane.py(points[$0].y)))" }
        if frontier.count > 1 { svg += "<polyline class=\"line\" points=\"\(frontier.joined(separator: " "))\"/>" }
        for (index, point) in points.enumerated() {
            let kind = index == recommended ? "recommended" : highlighted.contains(index) ? "point" : "muted"
            svg += "<circle class=\"\(kind)\" cx=\"\(f(plane.px(point.x)))\" cy=\"\(f(plane.py(point.y)))\" r=\"\(index == recommended ? 6 : 4)\"/>"
            var label = labels[index] ?? ""
            if index == recommended { label = label.isEmpty ? "recommended" : "\(label) (recommended)" }
            if !label.isEmpty {
                // Labels on the right half read leftwards, so that none runs off the chart.
                let rightHalf = plane.px(point.x) > (plane.left + width - right) / 2
                svg += "<text class=\"tick\" x=\"\(f(plane.px(point.x) + (rightHalf ? -8 : 8)))\" y=\"\(f(plane.py(point.y) - 6))\""
                    + "\(rightHalf ? " text-anchor=\"end\"" : "")>\(escape(label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// An x–y plotting area: the mapping to pixels, and its axes, ticks and labels.
    struct Plane {
        let x: (Double, Double), y: (Double, Double)
        let left: Double, height: Double
        let top = 36.0, bottom = 46.0

        func px(_ v: Double) -> Double { left + (v - x.0) / (x.1 - x.0) * (width - left - right) }
        func py(_ v: Double) -> Double { height - bottom - (v - y.0) / (y.1 - y.0) * (height - top - bottom) }

        func frame(xLabel: String, yLabel: String) -> String {
            var svg = axes(left: left, top: top, bottom: height - bottom, right: width - right)
            for tick in ticks(y.0, y.1) {
                svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(number(tick))</text>"
            }
            for tick in ticks(x.0, x.1) {
                svg += "<text class=\"tick\" x=\"\(f(px(tick)))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\">\(number(tick))</text>"
            }
            svg += "<text class=\"label\" x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(escape(xLabel))</text>"
            return svg + "<text class=\"label\" transform=\"translate(16,\(f((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>"
        }
    }

    static func open(title: String, height: Double) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\">"
            + "<title>\(escape(title))</title><text class=\"title\" x=\"10\" y=\"22\">\(escape(title))</text>"
    }

    static func axes(left: Double, top: Double, bottom: Double, right: Double) -> String {
        "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\"/>"
            + "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\"/>"
    }

    /// A range with a little room, never empty.
    static func padded(_ low: Double, _ high: Double) -> (Double, Double) {
        if high > low { let pad = (high - low) * 0.05; return (low - pad, high + pad) }
        return (low - max(abs(low) * 0.05, 1e-9), high + max(abs(high) * 0.05, 1e-9))
    }

    /// About five round tick values within the range.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var values: [Double] = []
        var tick = ceil(low / step) * step
        while tick <= high { values.append(tick); tick += step }
        return values
    }

    static func number(_ value: Double) -> String { ReportFormat.number(value) }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
