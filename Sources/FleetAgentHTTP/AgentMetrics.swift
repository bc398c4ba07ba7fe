import FleetAgent
import Prometheus

/// The agent's `/metrics`, exposed through swift-prometheus (text format 0.0.4). The agent keeps
/// its own counts (its state is rebuilt from the journal, counts included); a scrape brings the
/// registry's counters up to them and sets the gauges, so the registry only formats.
struct AgentMetrics {
    let registry = PrometheusCollectorRegistry()
    /// What each counter showed at the last scrape, by name and labels.
    private var shown: [String: Int] = [:]

    /// A counter's current total and its description.
    struct Count {
        let name: String
        let help: String
        let labels: [(String, String)]
        let value: Int

        init(_ name: String, _ help: String, _ value: Int, labels: [(String, String)] = []) {
            self.name = name
            self.help = help
            self.value = value
            self.labels = labels
        }
    }

    /// The exposition text for `counts` and `gauges` (names without the `fleetsim_agent_` prefix).
    mutating func text(counts: [Count], gauges: [(name: String, help: String, value: Double)]) -> String {
        for count in counts {
            let name = "fleetsim_agent_\(count.name)"
            let counter = count.labels.isEmpty ? registry.makeCounter(name: name, help: count.help)
                : registry.makeCounter(name: name, labels: count.labels, help: count.help)
            let key = name + count.labels.map { "|\($0.0)=\($0.1)" }.joined()
            let delta = count.value - (shown[key] ?? 0)
            if delta > 0 { counter.increment(by: Int64(delta)) }
            shown[key] = max(count.value, shown[key] ?? 0)
        }
        for gauge in gauges {
            registry.makeGauge(name: "fleetsim_agent_\(gauge.name)", help: gauge.help).set(to: gauge.value)
        }
        return registry.emitToString()
    }
}
