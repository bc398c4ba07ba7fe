import FleetModel
import LocatedYAML
import Stochastics

/// Reads `fleet.upgrades:`, a list of rolling upgrade campaigns (see scenarios/README.md).
struct UpgradeLoader {
    let builder: DistributionBuilder
    let configuration: FleetConfiguration

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    func campaigns(_ field: YAMLField) throws(ScenarioError) -> [UpgradeCampaign] {
        var campaigns: [UpgradeCampaign] = []
        for entry in try field.sequence(expected: "upgrade campaigns") {
            let spec = try entry.mapping(allowed: ScenarioFormat.upgrade.keys)
            let name = try spec.required("name", expected: "the campaign's name, e.g. gpu-driver-570").string()
            if campaigns.contains(where: { $0.name == name }) {
                throw entry.error("campaign name '\(name)' is used twice")
            }
            var campaign = UpgradeCampaign(
                name: name,
                kind: try spec.required("kind", expected: "firmware, driver or kubernetes").choice(UpgradeCampaign.Kind.self),
                start: try spec.optional("start")?.duration(allowZero: true) ?? 0,
                sites: try sites(spec, entry: entry),
                nodeUpgradeTime: try spec.required("node_upgrade_time", expected: "how long one node takes, e.g. \"lognormal(median: 40min, sigma: 0.3)\"")
                    .distribution(builder))
            campaign.sitesPerWave = try spec.value("sites_per_wave", defaultFrom: ScenarioFormat.upgrade)!.integer(atLeast: 1)
            campaign.canaryNodes = try spec.value("canary_nodes", defaultFrom: ScenarioFormat.upgrade)!.integer(atLeast: 0)
            campaign.maxUnavailable = try spec.value("max_unavailable", defaultFrom: ScenarioFormat.upgrade)!.integer(atLeast: 1)
            campaign.window = try spec.optional("maintenance_window").map(window)
            campaign.soak = try spec.optional("soak")?.duration(allowZero: true) ?? campaign.soak
            campaign.holdDuration = try spec.optional("hold_duration")?.duration() ?? campaign.holdDuration
            if let gate = spec.optional("health_gate") {
                if case .scalar(let scalar) = gate.node, scalar.string == "none" {
                    campaign.gateSignificance = nil
                } else {
                    let g = try gate.mapping(allowed: ScenarioFormat.healthGate.keys)
                    campaign.gateSignificance = try g.required("significance", expected: "the false-alarm probability of the gate, e.g. 0.01")
                        .number(in: 1e-12...0.5, expected: "a probability above 0 and at most 0.5")
                }
            }
            if let onFailure = spec.optional("on_gate_failure") {
                campaign.rollback = try onFailure.resolve(try onFailure.string(), among: ["halt", "rollback"], kind: "gate failure response") == 1
            }
            if let bad = spec.optional("bad_version") { campaign.badVersion = try badVersion(bad) }
            campaign.imageGigabytes = try spec.optional("image_gb").map { f throws(ScenarioError) in
                try NetworkLoader.transferSize(f, network: configuration.network, what: "an image")
            }
            campaigns.append(campaign)
        }
        return campaigns
    }

    /// `sites:` by name in rollout order, or `site_kinds:` (those sites in fleet order); default
    /// every site.
    private func sites(_ spec: YAMLMapping, entry: YAMLField) throws(ScenarioError) -> [Int] {
        let names = configuration.sites.map(\.name)
        if let sitesField = spec.optional("sites") {
            if spec.optional("site_kinds") != nil { throw sitesField.error("give sites or site_kinds, not both") }
            var sites: [Int] = []
            for site in try sitesField.sequence(expected: "site names in rollout order") {
                let index = try site.reference(to: names, kind: "site")
                if sites.contains(index) { throw site.error("site '\(names[index])' is listed twice") }
                sites.append(index)
            }
            return sites
        }
        if let kindsField = spec.optional("site_kinds") {
            var kinds: [SiteKind] = []
            for kind in try kindsField.sequence(expected: "site kinds") { kinds.append(try kind.choice(SiteKind.self)) }
            let sites = configuration.sites.indices.filter { kinds.contains(configuration.sites[$0].kind) }
            if sites.isEmpty { throw kindsField.error("no site is of these kinds") }
            return sites
        }
        return Array(configuration.sites.indices)
    }

    /// `{days: [sat, sun], start: "02:00", duration: 4h}`; days default to every day.
    private func window(_ field: YAMLField) throws(ScenarioError) -> WeeklyWindow {
        let spec = try field.mapping(allowed: ScenarioFormat.maintenanceWindow.keys)
        var days = Set(0..<7)
        if let daysField = spec.optional("days") {
            days = []
            for day in try daysField.sequence(expected: "weekdays (mon … sun)") {
                days.insert(try day.resolve(try day.string(), among: Self.weekdays, kind: "weekday"))
            }
        }
        let startField = try spec.required("start", expected: "the time of day it opens, e.g. \"22:00\"")
        let text = try startField.string()
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
            throw startField.error("'\(text)' is not a time of day; expected HH:MM, e.g. \"22:00\"")
        }
        let durationField = try spec.required("duration", expected: "how long it stays open, e.g. 6h")
        let duration = try durationField.duration()
        guard duration <= 168 else { throw durationField.error("'\(try durationField.string())' is longer than a week") }
        return WeeklyWindow(days: days, start: Double(hour) + Double(minute) / 60, duration: duration)
    }

    private func badVersion(_ field: YAMLField) throws(ScenarioError) -> BadVersion {
        let spec = try field.mapping(allowed: ScenarioFormat.badVersion.keys)
        let classNames = configuration.componentClasses.map(\.name)
        let hosted = Set(configuration.rackTypes.flatMap { $0.components.filter { $0.level == .node || $0.level == .gpu }.map(\.componentClass) })
        var classes: [Int] = []
        let componentsField = try spec.required("components", expected: "the component classes a bad version affects, e.g. [gpu]")
        for component in try componentsField.sequence(expected: "component classes") {
            let index = try component.reference(to: classNames, kind: "component class")
            guard hosted.contains(index) else {
                throw component.error("class '\(classNames[index])' is not placed per node or per GPU; an upgrade affects the nodes it runs on")
            }
            classes.append(index)
        }
        return BadVersion(
            probability: try spec.required("probability", expected: "the chance the version is bad").number(in: 0...1, expected: "a probability from 0 to 1"),
            failureRateMultiplier: try spec.required("failure_rate_multiplier", expected: "how many times as often the components fail, e.g. 10")
                .number(in: 1...1e6, expected: "a factor of at least 1"),
            componentClasses: classes)
    }
}
