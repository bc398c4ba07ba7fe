import Foundation
import FleetModel
import FleetPolicy
import LocatedYAML
import Stochastics

/// Reads the `fleet:` block of a scenario into a `FleetConfiguration`. See scenarios/README.md
/// for the format; every reference (a class, a rack type, a remediation step, a template) is
/// checked, with a did-you-mean.
struct FleetLoader {
    let builder: DistributionBuilder


    func load(_ field: YAMLField, horizon: Double, warmup: Double) throws(ScenarioError) -> FleetConfiguration {
        let block = try field.mapping(allowed: ScenarioFormat.fleet.keys)
        let sampleInterval = try block.optional("sample_interval")?.duration() ?? Swift.max(horizon / 500, 1)

        let steps = try remediationSteps(block.optional("remediation_steps"))
        let classesField = try block.required("component_classes", expected: "a mapping of component classes")
        var classes: [ComponentClass] = []
        for (name, classField) in try classesField.namedEntries(expected: "component classes") {
            classes.append(try componentClass(name: name, classField, steps: steps))
        }
        let classNames = classes.map(\.name)
        var classLevels: [Int: (Level, YAMLField)] = [:]

        func placements(_ field: YAMLField, allowed: [Level], defaultLevel: Level?) throws(ScenarioError) -> [Placement] {
            var result: [Placement] = []
            for (name, entry) in try field.namedEntries(expected: "components by class") {
                let classIndex = try entry.resolve(name, among: classNames, kind: "component class")
                let spec = try entry.mapping(allowed: defaultLevel == nil ? ScenarioFormat.placement.keys : ScenarioFormat.siteComponent.keys)
                let level = try spec.optional("per")?.choice(Level.self) ?? defaultLevel ?? .rack
                guard allowed.contains(level) else {
                    throw entry.error("components here are placed per \(allowed.map(\.rawValue).joined(separator: ", ")), not per \(level.rawValue)")
                }
                if let (existing, where_) = classLevels[classIndex], existing != level {
                    throw entry.error("class '\(name)' is placed per \(level.rawValue) here but per \(existing.rawValue) at \(where_.path); a class sits at one level")
                }
                classLevels[classIndex] = (level, entry)
                let count = try spec.value("count", defaultFrom: ScenarioFormat.placement)!.integer(atLeast: 1)
                result.append(Placement(componentClass: classIndex, level: level, count: count))
            }
            return result
        }

        var rackTypes: [RackType] = []
        let rackTypesField = try block.required("rack_types", expected: "a mapping of rack types")
        for (name, typeField) in try rackTypesField.namedEntries(expected: "rack types") {
            let spec = try typeField.mapping(allowed: ScenarioFormat.rackType.keys)
            let domain = try spec.value("nvlink_domain", defaultFrom: ScenarioFormat.rackType)!.choice(Level.self)
            if domain == .gpu || domain == .site, let domainField = spec.optional("nvlink_domain") {
                throw domainField.error("an NVLink domain is a node or a rack")
            }
            rackTypes.append(RackType(
                name: name,
                nodes: try spec.required("nodes", expected: "nodes (servers or compute trays) per rack").integer(atLeast: 1),
                gpusPerNode: try spec.required("gpus_per_node", expected: "GPUs per node").integer(atLeast: 0),
                nvlinkDomain: domain,
                powerKilowatts: try spec.value("power_kw", defaultFrom: ScenarioFormat.rackType)!.number(in: 0...1e6, expected: "rack power in kW"),
                components: try spec.optional("components").map { c throws(ScenarioError) in
                    try placements(c, allowed: [.gpu, .node, .rack], defaultLevel: nil)
                } ?? []))
        }
        let siteComponents = try block.optional("site_components").map { c throws(ScenarioError) in
            try placements(c, allowed: [.site], defaultLevel: .site)
        } ?? []

        let sitesField = try block.required("sites", expected: "a list of sites")
        let sites = try SiteLoader(builder: builder, rackTypes: rackTypes.map(\.name), rackPowerKilowatts: rackTypes.map(\.powerKilowatts))
            .sites(sitesField, templates: block.optional("site_templates"))
        guard !sites.isEmpty else { throw sitesField.error("no sites; expected at least one") }
        let racksUsed = Set(sites.flatMap { $0.racks.filter { $0.count > 0 }.map(\.rackType) })
        guard racksUsed.contains(where: { rackTypes[$0].gpusPerNode > 0 }) else {
            throw rackTypesField.error("the fleet has no GPUs: no site has a rack of a type with gpus_per_node above 0; expected at least one")
        }

        // A blast radius narrower than the component's own level (a PDU that takes out one GPU)
        // is a modelling mistake.
        for (classIndex, componentClass) in classes.enumerated() {
            guard let (level, placementField) = classLevels[classIndex] else { continue }
            for mode in componentClass.modes {
                if let radius = Level(mode.blastRadius), radius.order < level.order {
                    throw placementField.error("class '\(componentClass.name)' sits per \(level.rawValue), but its mode '\(mode.name)' has blast_radius \(radius.rawValue), which is smaller")
                }
            }
        }

        var correlated: [CorrelatedEvent] = []
        if let events = block.optional("correlated_events") {
            for eventField in try events.sequence(expected: "correlated events") {
                let spec = try eventField.mapping(allowed: ScenarioFormat.correlatedEvent.keys)
                var kinds: [SiteKind] = []
                if let kindsField = spec.optional("site_kinds") {
                    for kind in try kindsField.sequence(expected: "site kinds") { kinds.append(try kind.choice(SiteKind.self)) }
                }
                correlated.append(CorrelatedEvent(
                    name: try spec.required("name", expected: "a name").string(),
                    meanTimeBetween: try spec.required("mean_time_between", expected: "the mean time between events at one site, e.g. 2y").duration(),
                    componentClass: try spec.required("component", expected: "the component class it strikes").reference(to: classNames, kind: "component class"),
                    probability: try spec.required("probability", expected: "the chance each component fails").number(in: 0...1, expected: "a probability from 0 to 1"),
                    siteKinds: kinds))
            }
        }
        var configuration = FleetConfiguration(
            componentClasses: classes, rackTypes: rackTypes, siteComponents: siteComponents, sites: sites,
            remediationSteps: steps.list, correlatedEvents: correlated, horizon: horizon, warmup: warmup,
            sampleInterval: sampleInterval)
        if let networkField = block.optional("network") {
            configuration.network = try NetworkLoader().network(networkField, sites: sites, classNames: classNames)
        }
        let workloads = try TrainingJobLoader(builder: builder, configuration: configuration, tenantsField: block.optional("tenants"))
        configuration.tenants = workloads.tenants
        if let jobsField = block.optional("training_jobs") { configuration.trainingJobs = try workloads.jobs(jobsField) }
        if let traceField = block.optional("job_trace") {
            configuration.trainingJobs += try workloads.trace(traceField, baseDirectory: builder.directory(of: traceField))
        }
        if let arrivalsField = block.optional("job_arrivals") { configuration.jobArrivals = try workloads.arrivals(arrivalsField) }
        if let managementField = block.optional("management") {
            configuration.management = try ManagementLoader(builder: builder).management(managementField)
        }
        if let servicesField = block.optional("inference_services") {
            configuration.inferenceServices = try InferenceServiceLoader(builder: builder, workloads: workloads).services(servicesField)
        }
        if let upgradesField = block.optional("upgrades") {
            configuration.upgrades = try UpgradeLoader(builder: builder, configuration: configuration).campaigns(upgradesField)
        }
        if let costsField = block.optional("costs") {
            configuration.costs = try CostLoader(configuration: configuration).costs(costsField)
        }
        if let traceField = block.optional("incident_trace") {
            configuration.trace = try TraceLoader(baseDirectory: builder.directory(of: traceField))
                .trace(traceField, configuration: configuration)
        }
        return configuration
    }

    struct Steps {
        var list: [RemediationStep] = []
        var names: [String] { list.map(\.action) }
    }

    func remediationSteps(_ field: YAMLField?) throws(ScenarioError) -> Steps {
        var steps = Steps()
        guard let field else { return steps }
        for (name, stepField) in try field.namedEntries(expected: "remediation steps") {
            let spec = try stepField.mapping(allowed: ScenarioFormat.remediationStep.keys)
            var success: [FaultKind: Double] = [:]
            if let successField = spec.optional("success") {
                for (kindName, probability) in try successField.namedEntries(expected: "success probability by fault kind") {
                    guard let kind = FaultKind(rawValue: kindName) else {
                        throw probability.error("unknown fault kind '\(kindName)'; expected \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    success[kind] = try probability.number(in: 0...1, expected: "a probability from 0 to 1")
                }
            }
            steps.list.append(RemediationStep(
                action: name,
                duration: try spec.required("duration", expected: "how long the step takes, e.g. 10min").distribution(builder),
                success: success))
        }
        return steps
    }

    func componentClass(name: String, _ field: YAMLField, steps: Steps) throws(ScenarioError) -> ComponentClass {
        let spec = try field.mapping(allowed: ScenarioFormat.componentClass.keys)
        let detection = try spec.optional("detection")?.distribution(builder) ?? .deterministic(0)
        let remediation = try spec.optional("remediation").map { f throws(ScenarioError) in try stepList(f, steps) }
            ?? Array(steps.list.indices)
        var modes: [FailureMode] = []
        if let modesField = spec.optional("modes") {
            for keyName in ["fault", "blast_radius"] where spec.optional(keyName) != nil {
                throw spec.optional(keyName)!.error("give '\(keyName)' per mode when the class has modes")
            }
            var total = 0.0
            for (modeName, modeField) in try modesField.namedEntries(expected: "failure modes") {
                let mode = try modeField.mapping(allowed: ScenarioFormat.failureMode.keys)
                let share = try mode.required("share", expected: "the mode's share of the class's failures").number(in: 0...1, expected: "a share from 0 to 1")
                total += share
                var failureMode = FailureMode(
                    name: modeName, share: share,
                    fault: try mode.value("fault", defaultFrom: ScenarioFormat.failureMode)!.choice(FaultKind.self),
                    blastRadius: try mode.value("blast_radius", defaultFrom: ScenarioFormat.failureMode)!.choice(BlastRadius.self),
                    detection: try mode.optional("detection")?.distribution(builder) ?? detection,
                    remediation: try mode.optional("remediation").map { f throws(ScenarioError) in try stepList(f, steps) } ?? remediation)
                try readSignal(into: &failureMode, from: mode, classDefaults: spec)
                modes.append(failureMode)
            }
            guard !modes.isEmpty else { throw modesField.error("no modes; expected at least one, or none of 'modes' at all") }
            // Shares written to a few decimals rarely sum to exactly 1: within 0.1% they are
            // rescaled, beyond that it is a mistake.
            guard abs(total - 1) <= 1e-3 else {
                throw modesField.error("mode shares sum to \(String(format: "%.6g", total)); expected 1 (within 0.001)")
            }
            for index in modes.indices { modes[index].share /= total }
        } else {
            var failureMode = FailureMode(
                name: name, share: 1,
                fault: try spec.value("fault", defaultFrom: ScenarioFormat.componentClass)!.choice(FaultKind.self),
                blastRadius: try spec.value("blast_radius", defaultFrom: ScenarioFormat.componentClass)!.choice(BlastRadius.self),
                detection: detection, remediation: remediation)
            try readSignal(into: &failureMode, from: spec, classDefaults: spec)
            modes = [failureMode]
        }
        let part: String?
        if let partField = spec.optional("part") {
            let text = try partField.string()
            part = text == "none" ? nil : text
        } else {
            part = name
        }
        return ComponentClass(
            name: name,
            timeToFailure: try spec.required("time_to_failure", expected: "a distribution, e.g. \"weibull(shape: 0.7, scale: 2000h)\"").distribution(builder),
            modes: modes,
            repairTime: try spec.required("repair_time", expected: "a distribution of hands-on repair time").distribution(builder),
            repairedBy: try spec.value("repaired_by", defaultFrom: ScenarioFormat.componentClass)!.choice(RepairedBy.self),
            part: part,
            diagnosis: try spec.optional("diagnosis")?.distribution(builder) ?? .deterministic(0))
    }

    /// The alert a mode raises: its own `signal` and `signal_labels`, else the class's.
    func readSignal(into mode: inout FailureMode, from spec: YAMLMapping, classDefaults: YAMLMapping) throws(ScenarioError) {
        if let signal = spec.optional("signal") ?? classDefaults.optional("signal") { mode.signal = try signal.choice(SignalType.self) }
        if let precursorField = spec.optional("precursor") ?? classDefaults.optional("precursor") {
            let p = try precursorField.mapping(allowed: ScenarioFormat.precursor.keys)
            mode.precursor = Precursor(
                probability: try p.required("probability", expected: "the share of faults announced").number(in: 0...1, expected: "a probability from 0 to 1"),
                leadTime: try p.required("lead_time", expected: "warning ahead of the failure, e.g. \"exponential(mean: 48h)\"").distribution(builder),
                signal: try p.value("signal", defaultFrom: ScenarioFormat.precursor)!.choice(SignalType.self))
        }
        if let labels = spec.optional("signal_labels") ?? classDefaults.optional("signal_labels") {
            for (key, value) in try labels.namedEntries(expected: "alert labels") { mode.signalLabels[key] = try value.string() }
        }
    }

    func stepList(_ field: YAMLField, _ steps: Steps) throws(ScenarioError) -> [Int] {
        var indices: [Int] = []
        for item in try field.sequence(expected: "remediation step names") {
            indices.append(try item.reference(to: steps.names, kind: "remediation step"))
        }
        return indices
    }
}
