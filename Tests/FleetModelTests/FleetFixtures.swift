@testable import FleetModel
import SimulationCore
import Stochastics

/// Small fleets built in code, for tests that drive failures by hand.
enum FleetFixtures {
    static let never = Distribution.deterministic(1e12)

    /// Class indices in `smallFleet`.
    enum Class: Int { case gpu, pdu, wanLink }

    /// One site ("a", on-prem) and one edge site ("b"), each with `racks` racks of 2 nodes × 4
    /// GPUs, a PDU per rack (takes the rack) and a WAN link per site (isolates it, repaired by
    /// the provider in `wanRepair` hours). Nothing fails by itself.
    static func smallFleet(racks: Int = 3, wanRepair: Double = 10, detection: Double = 0.1) -> FleetConfiguration {
        let classes = [
            ComponentClass(name: "gpu", timeToFailure: never,
                           modes: [FailureMode(name: "dead", share: 1, fault: .hard, blastRadius: .gpu,
                                               detection: .deterministic(detection), remediation: [])],
                           repairTime: .deterministic(2), repairedBy: .technicians, part: nil),
            ComponentClass(name: "pdu", timeToFailure: never,
                           modes: [FailureMode(name: "dead", share: 1, fault: .hard, blastRadius: .rack,
                                               detection: .deterministic(detection), remediation: [])],
                           repairTime: .deterministic(3), repairedBy: .technicians, part: nil),
            ComponentClass(name: "wan_link", timeToFailure: never,
                           modes: [FailureMode(name: "cut", share: 1, fault: .hard, blastRadius: .isolateSite,
                                               detection: .deterministic(detection), remediation: [])],
                           repairTime: .deterministic(wanRepair), repairedBy: .provider, part: nil),
        ]
        let rack = RackType(name: "r", nodes: 2, gpusPerNode: 4, nvlinkDomain: .node, powerKilowatts: 10,
                            components: [Placement(componentClass: 0, level: .gpu, count: 1),
                                         Placement(componentClass: 1, level: .rack, count: 1)])
        let crew = TechnicianCrew(count: 2, coverage: .allHours, response: .deterministic(0), onCallResponse: nil)
        let sites = [
            Site(name: "a", kind: .onPrem, region: "", racks: [RackCount(rackType: 0, count: racks)],
                 powerCapacityKilowatts: nil, technicians: crew, spares: []),
            Site(name: "b", kind: .edge, region: "", racks: [RackCount(rackType: 0, count: racks)],
                 powerCapacityKilowatts: nil, technicians: crew, spares: []),
        ]
        return FleetConfiguration(
            componentClasses: classes, rackTypes: [rack],
            siteComponents: [Placement(componentClass: 2, level: .site, count: 1)], sites: sites,
            remediationSteps: [], correlatedEvents: [], horizon: 1000, warmup: 0, sampleInterval: 100)
    }

    /// The first instance of `componentClass` hosted inside `rack` (or at `site`).
    /// `smallFleet(racks: 2)` plus two racks of a second type (3 nodes of 8 GPUs, two instances
    /// of class 0 per GPU, no PDU) at site 0: no layout is regular.
    static func irregularFleet() -> FleetConfiguration {
        var irregular = smallFleet(racks: 2)
        irregular.rackTypes.append(RackType(name: "wide", nodes: 3, gpusPerNode: 8, nvlinkDomain: .rack, powerKilowatts: 10,
                                            components: [Placement(componentClass: 0, level: .gpu, count: 2)]))
        irregular.sites[0].racks.append(RackCount(rackType: 1, count: 2))  // racks 2, 3: no PDU
        return irregular
    }

    static func instance(_ componentClass: Class, rack: Int? = nil, site: Int? = nil, in topology: FleetTopology) -> Int {
        (0..<topology.instanceCount[componentClass.rawValue]).first { instance in
            let host = topology.host(ofClass: componentClass.rawValue, instance: instance)
            let level = topology.classLevel[componentClass.rawValue]
            if let rack { return level != .site && topology.ancestor(of: host, at: level, level: .rack) == rack }
            return topology.ancestor(of: host, at: level, level: .site) == site
        }!
    }
}
