extension SVGChart {
    /// A Q-Q plot: each point a probability's quantile in one sample (x) against the other (y),
    /// over the dashed line y = x on which they lie when the two distributions agree.
    static func quantileQuantile(title: String, points: [(x: Double, y: Double)], xLabel: String, yLabel: String) -> String {
        let values = points.flatMap { [$0.x, $0.y] }
        guard let low = values.min(), let high = values.max() else { return "" }
        let range = padded(low, high)
        let plane = Plane(x: range, y: range, left: 90, height: 340)
        var svg = open(title: title, height: plane.height) + plane.frame(xLabel: xLabel, yLabel: yLabel)
        svg += "<line class=\"reference\" x1=\"\(f(plane.px(range.0)))\" y1=\"\(f(plane.py(range.0)))\" "
            + "x2=\"\(f(plane.px(range.1)))\" y2=\"\(f(plane.py(range.1)))\"/>"
        for point in points {
            svg += "<circle class=\"point\" cx=\"\(f(plane.px(point.x)))\" cy=\"\(f(plane.py(point.y)))\" r=\"3\"/>"
        }
        return svg + "</svg>"
    }
}
