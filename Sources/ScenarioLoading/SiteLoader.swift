import FleetModel
import LocatedYAML
import Stochastics

/// Reads sites, stamping templates: a list entry `{template: edge, count: 600, name: "edge-{index}"}`
/// makes 600 sites from the template, its own keys override the template's, and
/// `overrides: {7: {...}}` changes instance 7 only (1-based). Overrides replace whole keys.
struct SiteLoader {
    let builder: DistributionBuilder
    let rackTypes: [String]
    let rackPowerKilowatts: [Double]


    func sites(_ field: YAMLField, templates: YAMLField?) throws(ScenarioError) -> [Site] {
        var templateEntries: [String: [(String, YAMLField)]] = [:]
        if let templates {
            for (name, template) in try templates.namedEntries(expected: "site templates") {
                templateEntries[name] = try template.mapping(allowed: ScenarioFormat.siteTemplate.keys).entries
            }
        }
        var sites: [Site] = []
        var seen: [String: YAMLField] = [:]
        for entry in try field.sequence(expected: "sites") {
            let own = try entry.mapping(allowed: ScenarioFormat.site.keys)
            var base: [(String, YAMLField)] = []
            var count = 1
            var overrides: [Int: [(String, YAMLField)]] = [:]
            if let templateField = own.optional("template") {
                let names = templateEntries.keys.sorted()
                base = templateEntries[names[try templateField.reference(to: names, kind: "site template")]]!
                count = try own.optional("count")?.integer(atLeast: 1) ?? 1
            } else if let stray = own.optional("count") ?? own.optional("overrides") {
                throw stray.error("'count' and 'overrides' go with 'template'")
            }
            if let overridesField = own.optional("overrides") {
                for (indexText, override) in try overridesField.namedEntries(expected: "overrides by instance number") {
                    guard let index = Int(indexText), (1...count).contains(index) else {
                        throw override.error("instance '\(indexText)' does not exist; expected a number from 1 to \(count)")
                    }
                    overrides[index] = try override.mapping(allowed: ScenarioFormat.siteOverride.keys).entries
                }
            }
            let stamped = own.entries.filter { !ScenarioFormat.stampKeys.contains($0.0) }
            let digits = String(count).count
            for instance in 1...count {
                let merged = Self.merge(Self.merge(base, stamped), overrides[instance] ?? [])
                let mapping = YAMLMapping(owner: entry, entries: merged)
                let site = try self.site(mapping, instance: instance, digits: digits)
                if let previous = seen[site.name] {
                    throw (mapping.optional("name") ?? entry).error("site name '\(site.name)' is used twice (also at \(previous.path)); with a count, put {index} in the name")
                }
                seen[site.name] = entry
                sites.append(site)
            }
        }
        return sites
    }

    static func merge(_ base: [(String, YAMLField)], _ top: [(String, YAMLField)]) -> [(String, YAMLField)] {
        base.filter { key, _ in !top.contains { $0.0 == key } } + top
    }

    func site(_ spec: YAMLMapping, instance: Int, digits: Int) throws(ScenarioError) -> Site {
        let pattern = try spec.required("name", expected: "the site's name (with {index} for templates)").string()
        let number = String(instance)
        let name = pattern.replacingOccurrences(of: "{index}", with: String(repeating: "0", count: digits - number.count) + number)
        var racks: [RackCount] = []
        for (typeName, countField) in try spec.required("racks", expected: "racks by type, e.g. {gb200-nvl72: 16}").namedEntries(expected: "racks by type") {
            let type = try countField.resolve(typeName, among: rackTypes, kind: "rack type")
            racks.append(RackCount(rackType: type, count: try countField.integer(atLeast: 0)))
        }
        var powerCapacity: Double?
        if let capacityField = spec.optional("power_capacity_kw") {
            let capacity = try capacityField.number(in: 0...1e9, expected: "power capacity in kW")
            let load = racks.reduce(0.0) { $0 + Double($1.count) * rackPowerKilowatts[$1.rackType] }
            guard load <= capacity else {
                throw capacityField.error("site '\(name)' has \(capacity) kW but its racks draw \(load) kW")
            }
            powerCapacity = capacity
        }
        return Site(
            name: name,
            kind: try spec.required("kind", expected: "on_prem, colocation or edge").choice(SiteKind.self),
            region: try spec.optional("region")?.string() ?? "",
            racks: racks,
            powerCapacityKilowatts: powerCapacity,
            technicians: try crew(spec.optional("technicians")),
            spares: try spares(spec.optional("spares")))
    }

    func crew(_ field: YAMLField?) throws(ScenarioError) -> TechnicianCrew {
        guard let field else {
            return TechnicianCrew(count: 1, coverage: .allHours, response: .deterministic(0), onCallResponse: nil)
        }
        let spec = try field.mapping(allowed: ScenarioFormat.technicians.keys)
        return TechnicianCrew(
            count: try spec.value("count", defaultFrom: ScenarioFormat.technicians)!.integer(atLeast: 0),
            coverage: try spec.value("coverage", defaultFrom: ScenarioFormat.technicians)!.choice(Coverage.self),
            response: try spec.optional("response")?.distribution(builder) ?? .deterministic(0),
            onCallResponse: try spec.optional("on_call_response")?.distribution(builder))
    }

    func spares(_ field: YAMLField?) throws(ScenarioError) -> [SparePolicy] {
        guard let field else { return [] }
        var policies: [SparePolicy] = []
        for (part, policyField) in try field.namedEntries(expected: "spare parts by part name") {
            let spec = try policyField.mapping(allowed: ScenarioFormat.spare.keys)
            let stock = try spec.required("stock", expected: "the initial stock").integer(atLeast: 0)
            policies.append(SparePolicy(
                part: part, initialStock: stock,
                reorderPoint: try spec.value("reorder_point", defaultFrom: ScenarioFormat.spare)!.integer(atLeast: 0),
                reorderQuantity: try spec.optional("reorder_quantity")?.integer(atLeast: 1) ?? Swift.max(stock, 1),
                leadTime: try spec.required("lead_time", expected: "the restock (RMA) lead time, e.g. 14d").distribution(builder)))
        }
        return policies
    }
}
