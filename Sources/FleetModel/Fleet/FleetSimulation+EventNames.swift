import SimulationCore

// How a run record (`fleetsim run --record`) shows an event: the subsystem's event with the
// names the scenario gives what it concerns — component classes and modes, sites, jobs,
// services, campaigns, nodes as the management plane names them (`n12`) — rather than table
// indices. An incident is shown with its component, as its slot number is reused.

extension FleetSimulation {
    public func describe(_ event: Event) -> String {
        switch event {
        case .failures(let event): describe(event)
        case .repair(let event): describe(event)
        case .workloads(let event): describe(event)
        case .management(let event): describe(event)
        case .upgrades(let event): describe(event)
        case .metrics(let event): "\(event)"
        case .network(let event): "\(event)"
        }
    }

    func describe(_ event: FailureEvent) -> String {
        switch event {
        case .failure(let component, let generation):
            "failure(\(name(of: component)), generation: \(generation))"
        case .pooledFailure(let componentClass):
            "pooledFailure(\(configuration.componentClasses[Int(componentClass)].name))"
        case .traceFailure(let index):
            "traceFailure(row: \(index))"
        case .correlatedStrike(let index, let site):
            "correlatedStrike(\(configuration.correlatedEvents[Int(index)].name), site: \(name(of: site)))"
        case .degradedFailure(let component, let generation, let mode):
            "degradedFailure(\(name(of: component)), generation: \(generation), mode: \(configuration[failureMode: Int(mode), ofClass: component.classIndex].name))"
        }
    }

    func describe(_ event: RepairEvent) -> String {
        switch event {
        case .detected(let id): "detected(\(name(of: id)))"
        case .diagnosed(let id): "diagnosed(\(name(of: id)))"
        case .remediationFinished(let id): "remediationFinished(\(name(of: id)))"
        case .handsOnStarts(let id): "handsOnStarts(\(name(of: id)))"
        case .repaired(let id): "repaired(\(name(of: id)))"
        case .partsArrive(let site, let part):
            "partsArrive(site: \(name(of: site)), part: \(repair.partNames[Int(part)]))"
        case .shiftStarts(let site): "shiftStarts(site: \(name(of: site)))"
        }
    }

    func describe(_ event: WorkloadEvent) -> String {
        switch event {
        case .job(let job, let generation, let kind):
            "job(\(workloads.jobSpecs[job.index].name), generation: \(generation), kind: \(kind))"
        case .jobArrival(let process): "jobArrival(\(configuration.jobArrivals[Int(process)].name))"
        case .serviceTick(let service): "serviceTick(\(configuration.inferenceServices[service.index].name))"
        case .serviceReplacement(let service): "serviceReplacement(\(configuration.inferenceServices[service.index].name))"
        }
    }

    func describe(_ event: ManagementEvent) -> String {
        switch event {
        case .lateAlert(let id): "lateAlert(\(name(of: id)))"
        case .actionCompleted, .falseAlarm: "\(event)"
        }
    }

    func describe(_ event: UpgradeEvent) -> String {
        switch event {
        case .step(let campaign): "step(\(name(of: campaign)))"
        case .nodeDone(let campaign, let node): "nodeDone(\(name(of: campaign)), node: \(SimulatedFleetView.name(ofNode: node.index)))"
        case .soakEnded(let campaign): "soakEnded(\(name(of: campaign)))"
        case .inducedFailure(let campaign, let clock): "inducedFailure(\(name(of: campaign)), clock: \(clock))"
        }
    }

    /// A component as `<class> <instance>`: `gpu 1234`.
    func name(of component: ComponentID) -> String {
        "\(configuration.componentClasses[component.classIndex].name) \(component.instance)"
    }

    func name(of site: SiteID) -> String { configuration.sites[site.index].name }

    func name(of campaign: CampaignID) -> String { configuration.upgrades[campaign.index].name }

    /// An incident with its component: `incident 3: gpu 1234` (slots are reused, components are not).
    func name(of id: IncidentID) -> String {
        guard incidents.contains(id), incidents[id].isOpen else { return "\(id)" }
        return "\(id): \(name(of: incidents[id].component))"
    }
}
