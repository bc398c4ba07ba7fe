import FleetModel

extension Scenario {
    /// Inputs that are valid but silently skew a result: `fleetsim run` prints them on stderr and
    /// keeps them in summary.json (`warnings`), `fleetsim plan` in plan.json.
    public var warnings: [String] {
        guard case .fleet(let topology) = model, let costs = topology.configuration.costs else { return [] }
        var warnings: [String] = []
        let term = costs.colocation.contractTermHours
        if term > horizon, topology.configuration.sites.contains(where: { $0.kind == .colocation && $0.racks.contains { $0.count > 0 } }) {
            warnings.append("costs.colocation.contract_term (\(Self.duration(term))) is longer than the horizon (\(Self.duration(horizon))): "
                + "the whole term's colocation fees are charged against \(Self.duration(horizon)) of hardware, so cost_facility, tco_total "
                + "and cost_per_useful_gpu_hour are inflated; run over the whole term, or leave contract_term out to bill only the months simulated")
        }
        return warnings
    }

    /// Hours as the largest whole unit scenarios write (`3y`, `90d`, `36h`), else in hours.
    static func duration(_ hours: Double) -> String {
        for (unit, size) in [("y", 8760.0), ("w", 168.0), ("d", 24.0)] where hours >= size && (hours / size).rounded() == hours / size {
            return "\(Int(hours / size))\(unit)"
        }
        return hours == hours.rounded() ? "\(Int(hours))h" : "\(hours)h"
    }
}
