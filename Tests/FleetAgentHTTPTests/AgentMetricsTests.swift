@testable import FleetAgentHTTP
import Testing

/// `/metrics` through swift-prometheus: each scrape shows the agent's current totals, with HELP
/// and TYPE lines, labels for the refusals, and gauges as they are now.
@Suite struct AgentMetricsTests {
    @Test func scrapesShowTheCurrentTotals() {
        var metrics = AgentMetrics()
        typealias Count = AgentMetrics.Count
        let first = metrics.text(counts: [Count("signals_total", "Signals.", 3), Count("requests_refused_total", "Refused.", 0, labels: [("reason", "malformed")])],
                                 gauges: [("nodes_cordoned", "Cordoned.", 2)])
        #expect(first.contains("# HELP fleetsim_agent_signals_total Signals.\n# TYPE fleetsim_agent_signals_total counter\nfleetsim_agent_signals_total 3\n"))
        #expect(first.contains("fleetsim_agent_requests_refused_total{reason=\"malformed\"} 0\n"))
        #expect(first.contains("# TYPE fleetsim_agent_nodes_cordoned gauge\nfleetsim_agent_nodes_cordoned 2"))
        let second = metrics.text(counts: [Count("signals_total", "Signals.", 10), Count("requests_refused_total", "Refused.", 4, labels: [("reason", "malformed")])],
                                  gauges: [("nodes_cordoned", "Cordoned.", 0)])
        #expect(second.contains("fleetsim_agent_signals_total 10\n") && second.contains("{reason=\"malformed\"} 4\n"))
        #expect(second.contains("fleetsim_agent_nodes_cordoned 0"))
    }
}
