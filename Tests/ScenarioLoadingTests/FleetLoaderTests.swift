import FleetModel
import Foundation
import ScenarioLoading
import Testing

@Suite struct FleetLoaderTests {
    static let valid = """
        horizon: 30d
        fleet:
          remediation_steps:
            reboot: {duration: 10min, success: {transient: 0.9}}
          component_classes:
            gpu:
              time_to_failure: "exponential(mean: 80000h)"
              repair_time: 2h
              modes:
                dead: {share: 0.7, fault: hard, blast_radius: node}
                xid: {share: 0.3, fault: transient, blast_radius: gpu}
            pdu:
              time_to_failure: "weibull(shape: 1.2, scale: 100000h)"
              repair_time: 1h
              fault: hard
              blast_radius: rack
          rack_types:
            nvl72:
              nodes: 18
              gpus_per_node: 4
              nvlink_domain: rack
              components:
                gpu: {per: gpu}
                pdu: {per: rack, count: 2}
          site_templates:
            edge: {kind: edge, racks: {nvl72: 1}, technicians: {count: 1, coverage: business_hours, response: 3h}}
          sites:
            - {name: dc, kind: on_prem, racks: {nvl72: 4}}
            - {template: edge, count: 12, name: "edge-{index}", overrides: {3: {racks: {nvl72: 2}}}}
        """

    func load(_ text: String) throws -> Scenario {
        try ScenarioLoader.parse(text, file: "f.yaml", baseDirectory: URL(fileURLWithPath: "/"))
    }

    func error(_ text: String) -> ScenarioError? {
        do { _ = try load(text); return nil } catch { return error as? ScenarioError }
    }

    @Test func templatesStampSitesWithOverrides() throws {
        guard case .fleet(let topology) = try load(Self.valid).model else { Issue.record("not a fleet"); return }
        let sites = topology.configuration.sites
        #expect(sites.count == 13)
        #expect(sites[1].name == "edge-01" && sites[12].name == "edge-12")
        #expect(sites[3].name == "edge-03" && sites[3].racks[0].count == 2 && sites[4].racks[0].count == 1)
        #expect(sites[5].technicians.coverage == .businessHours)
        #expect(topology.gpuCount == (4 + 11 + 2) * 72)
        #expect(topology.instanceCount[1] == 17 * 2)
    }

    @Test(arguments: [
        ("racks: {nvl72: 4}", "racks: {nvl27: 4}", "f.yaml:28:48: fleet.sites.0.racks.nvl27:", "unknown rack type 'nvl27'; did you mean 'nvl72'?"),
        ("exponential(mean: 80000h)", "exponential(mean: -80000h)", "f.yaml:7:24: fleet.component_classes.gpu.time_to_failure:",
         "exponential parameter 'mean' is -80000.0; expected a positive duration"),
        ("fault: transient, blast", "fault: flaky, blast", "f.yaml:11:34: fleet.component_classes.gpu.modes.xid.fault:",
         "'flaky' is not one of transient, software, hard"),
        ("blast_radius: gpu}", "blast_radius: planet}", "f.yaml:11:59: fleet.component_classes.gpu.modes.xid.blast_radius:", "'planet' is not one of"),
        ("share: 0.3", "share: 0.5", "f.yaml:10:9: fleet.component_classes.gpu.modes:", "mode shares sum to 1.2"),
        ("fault: hard\n      blast_radius: rack", "fault: hard\n      blast_radius: gpu", "f.yaml:24:14: fleet.rack_types.nvl72.components.pdu:",
         "class 'pdu' sits per rack, but its mode 'pdu' has blast_radius gpu, which is smaller"),
        ("gpu: {per: gpu}", "gpus: {per: gpu}", "f.yaml:23:15:", "unknown component class 'gpus'; did you mean 'gpu'?"),
        ("template: edge", "template: egde", "f.yaml:29:18: fleet.sites.1.template:", "unknown site template 'egde'; did you mean 'edge'?"),
        ("overrides: {3:", "overrides: {13:", "f.yaml:29:73:", "instance '13' does not exist; expected a number from 1 to 12"),
        ("name: \"edge-{index}\"", "name: edge", "f.yaml:29:41: fleet.sites.1.name:", "site name 'edge' is used twice"),
    ])
    func mistakesAreLocatedAndExplained(_ original: String, _ replacement: String, _ location: String, _ fragment: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid, "the replacement must apply")
        let error = error(text)
        #expect(error != nil)
        #expect(error?.description.hasPrefix(location) == true, "\(String(describing: error))")
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func racksMustFitTheSitesPower() {
        let text = Self.valid
            .replacingOccurrences(of: "nvlink_domain: rack", with: "nvlink_domain: rack\n      power_kw: 120")
            .replacingOccurrences(of: "kind: on_prem, racks: {nvl72: 4}}", with: "kind: on_prem, racks: {nvl72: 4}, power_capacity_kw: 400}")
        let error = error(text)
        #expect(error?.description == "f.yaml:29:71: fleet.sites.0.power_capacity_kw: site 'dc' has 400.0 kW but its racks draw 480.0 kW",
                "\(String(describing: error))")
        #expect(self.error(text.replacingOccurrences(of: "power_capacity_kw: 400", with: "power_capacity_kw: 480")) == nil)
    }

    static let withJob = valid + """

          training_jobs:
            - name: big
              gpus: 288
              checkpoint_interval: 30min
              checkpoint_write: 1min
        """

    @Test func trainingJobsAreCheckedAgainstTheFleet() throws {
        guard case .fleet(let topology) = try load(Self.withJob).model else { Issue.record("not a fleet"); return }
        #expect(topology.configuration.trainingJobs.map(\.gpus) == [288])
        let cases = [
            ("gpus: 288", "gpus: 100000", "job 'big' needs 100000 GPUs (with hot spares) but the fleet has 1224"),
            ("gpus: 288", "gpus: 289", "289 GPUs is not a whole number of nodes of 4 GPUs"),
            ("gpus: 288", "gpus: 400", "job 'big' needs 400 GPUs but the largest site has 288; set allow_cross_site: true"),
            ("checkpoint_interval: 30min", "checkpoint_interval: 0min", "'0min' is not allowed; expected a positive duration"),
            ("checkpoint_write: 1min", "checkpoint_write: 1h\n      checkpoint_mode: async", "must be shorter than the interval"),
        ]
        for (original, replacement, fragment) in cases {
            let text = Self.withJob.replacingOccurrences(of: original, with: replacement)
            let error = error(text)
            #expect(error?.description.contains(fragment) == true, "\(replacement): \(String(describing: error))")
            #expect(error?.description.hasPrefix("f.yaml:3") == true, "located in the training_jobs block: \(String(describing: error))")
        }
        #expect(self.error(Self.withJob.replacingOccurrences(of: "gpus: 288", with: "gpus: 400\n      allow_cross_site: true")) == nil)
    }

    static let withUpgrade = valid + """

          upgrades:
            - name: drv
              kind: driver
              start: 3d
              sites: [edge-02, edge-01]
              canary_nodes: 2
              node_upgrade_time: 40min
              maintenance_window: {days: [sat, sun], start: "22:30", duration: 6h}
              bad_version: {probability: 0.2, failure_rate_multiplier: 10, components: [gpu]}
        """

    @Test func upgradeCampaignsAreReadAndChecked() throws {
        guard case .fleet(let topology) = try load(Self.withUpgrade).model else { Issue.record("not a fleet"); return }
        let campaign = try #require(topology.configuration.upgrades.first)
        #expect(campaign.sites == [2, 1] && campaign.start == 72 && campaign.canaryNodes == 2 && campaign.rollback)
        #expect(campaign.window == WeeklyWindow(days: [5, 6], start: 22.5, duration: 6))
        #expect(campaign.badVersion == BadVersion(probability: 0.2, failureRateMultiplier: 10, componentClasses: [0]))
        #expect(campaign.gateSignificance == 0.01 && campaign.soak == 24)
        let cases = [
            ("[edge-02, edge-01]", "[edge-02, edge-2]", "f.yaml:34:24: fleet.upgrades.0.sites.1:", "unknown site 'edge-2'; did you mean"),
            ("[edge-02, edge-01]", "[edge-02, edge-02]", "f.yaml:34:24:", "site 'edge-02' is listed twice"),
            ("\"22:30\"", "\"25:00\"", "f.yaml:37:53: fleet.upgrades.0.maintenance_window.start:", "'25:00' is not a time of day; expected HH:MM"),
            ("[sat, sun]", "[sat, sunn]", "f.yaml:37:40:", "unknown weekday 'sunn'; did you mean 'sun'?"),
            ("components: [gpu]", "components: [pdu]", "f.yaml:38:81: fleet.upgrades.0.bad_version.components.0:", "class 'pdu' is not placed per node or per GPU"),
            ("kind: driver", "kind: bios", "f.yaml:32:13:", "'bios' is not one of firmware, driver, kubernetes"),
            ("start: 3d", "start: 3d\n      soaks: 1d", "f.yaml:34:7:", "unknown key 'soaks'; did you mean 'soak'?"),
        ]
        for (original, replacement, location, fragment) in cases {
            let text = Self.withUpgrade.replacingOccurrences(of: original, with: replacement)
            #expect(text != Self.withUpgrade)
            let error = error(text)
            #expect(error?.description.hasPrefix(location) == true, "\(replacement): \(String(describing: error))")
            #expect(error?.description.contains(fragment) == true, "\(replacement): \(String(describing: error))")
        }
    }
}
