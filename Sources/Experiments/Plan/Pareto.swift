/// The Pareto frontier of points (x minimized, y maximized or minimized): the points no other
/// point beats on both.
public enum Pareto {
    public static func frontier(_ points: [(x: Double, y: Double)], maximizeY: Bool) -> Set<Int> {
        var frontier = Set<Int>()
        for (i, p) in points.enumerated() {
            let dominated = points.enumerated().contains { j, q in
                guard j != i else { return false }
                let yBetterOrEqual = maximizeY ? q.y >= p.y : q.y <= p.y
                let yBetter = maximizeY ? q.y > p.y : q.y < p.y
                return q.x <= p.x && yBetterOrEqual && (q.x < p.x || yBetter)
            }
            if !dominated { frontier.insert(i) }
        }
        return frontier
    }
}
