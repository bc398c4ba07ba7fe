import FleetPolicy
import SimulationCore
import Stochastics

// Rolling upgrades: nodes leave service to be upgraded, a bad version makes upgraded nodes fail
// more often (through the same fault path as every other failure), and the health gate judges
// each wave on the failures it saw against what the baseline rates expect.
extension FleetSimulation {
    static func upgradeStates(topology: FleetTopology, stream: RandomStream) -> [UpgradeCampaignState] {
        let configuration = topology.configuration
        return configuration.upgrades.map { campaign in
            let bad = campaign.badVersion.map { stream.bernoulli($0.probability) } ?? false
            let affected = Set(campaign.badVersion?.componentClasses ?? [])
            let multiplier = campaign.badVersion?.failureRateMultiplier ?? 1
            var baseline: [Double] = [], extra: [Double] = [], extraByClass: [[(componentClass: Int, rate: Double)]] = []
            for rackType in configuration.rackTypes {
                var rate = 0.0, classRates: [(componentClass: Int, rate: Double)] = []
                for placement in rackType.components where placement.level == .node || placement.level == .gpu {
                    let perNode = Double(placement.count * (placement.level == .gpu ? rackType.gpusPerNode : 1))
                    let classRate = perNode / configuration.componentClasses[placement.componentClass].timeToFailure.mean
                    rate += classRate
                    if affected.contains(placement.componentClass) {
                        classRates.append((placement.componentClass, classRate * (multiplier - 1)))
                    }
                }
                baseline.append(rate)
                extra.append(classRates.reduce(0) { $0 + $1.rate })
                extraByClass.append(classRates)
            }
            return UpgradeCampaignState(waves: waves(of: campaign, topology: topology), isBadVersion: bad, baselineRate: baseline,
                                        extraRate: extra, extraClassRates: extraByClass, nodeCount: topology.nodeCount)
        }
    }

    /// The canary (the first site's first nodes), then groups of `sitesPerWave` sites.
    static func waves(of campaign: UpgradeCampaign, topology: FleetTopology) -> [[Int32]] {
        func nodes(ofSite site: Int) -> [Int32] {
            topology.siteRacks[site].flatMap { topology.nodes(ofRack: $0).map(Int32.init) }
        }
        let canary = campaign.sites.first.map { Array(nodes(ofSite: $0).prefix(campaign.canaryNodes)) } ?? []
        var waves = canary.isEmpty ? [] : [canary]
        for first in stride(from: 0, to: campaign.sites.count, by: campaign.sitesPerWave) {
            let group = campaign.sites[first..<Swift.min(first + campaign.sitesPerWave, campaign.sites.count)]
            let wave = group.flatMap(nodes(ofSite:)).filter { !canary.contains($0) }
            if !wave.isEmpty { waves.append(wave) }
        }
        return waves
    }

    mutating func scheduleUpgradeStep(_ index: Int, at time: SimTime, calendar: inout EventCalendar<Event>) {
        guard !upgrades[index].stepPending else { return }
        upgrades[index].stepPending = true
        calendar.schedule(.upgrades(.step(CampaignID(index))), at: time)
    }

    /// Starts node upgrades (or rollbacks) up to the campaign's limit, if it may now.
    mutating func upgradeStep(_ index: Int, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        let campaign = configuration.upgrades[index]
        if upgrades[index].phase == .notStarted {
            guard !upgrades[index].waves.isEmpty else {
                upgrades[index].phase = .completed
                return
            }
            upgrades[index].phase = .upgrading
            upgrades[index].startedAt = now
            upgrades[index].openGateWindow(at: now)
        }
        switch upgrades[index].phase {
        case .upgrading:
            if now < upgrades[index].heldUntil {
                return scheduleUpgradeStep(index, at: upgrades[index].heldUntil, calendar: &calendar)
            }
            if let window = campaign.window, !window.contains(now) {
                return scheduleUpgradeStep(index, at: window.nextOpening(atOrAfter: now), calendar: &calendar)
            }
            let wave = upgrades[index].waves[upgrades[index].wave]
            while upgrades[index].working.count < campaign.maxUnavailable && upgrades[index].nextNode < wave.count {
                let node = wave[upgrades[index].nextNode]
                upgrades[index].nextNode += 1
                startNodeWork(index, node: node, forward: true, calendar: &calendar)
            }
        case .rollingBack:
            while upgrades[index].working.count < campaign.maxUnavailable, let node = upgrades[index].rollbackQueue.popLast() {
                startNodeWork(index, node: node, forward: false, calendar: &calendar)
            }
        default:
            break
        }
    }

    /// Drains the node (its jobs are preempted, its replicas lost) and takes it out of service.
    mutating func startNodeWork(_ index: Int, node: Int32, forward: Bool, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        let change = ledger.addOutage(at: .node, entity: Int(node), topology: topology)
        statistics.capacityChanged(by: change, site: siteOf(node: Int(node)), at: now, ledger: ledger)
        _ = interruptJobs(outageLevel: .node, entity: Int(node), cause: preemptionCause, calendar: &calendar)
        upgrades[index].working[node] = .init(since: now, gpusLost: -change, forward: forward)
        if forward, configuration.network != nil, let gigabytes = configuration.upgrades[index].imageGigabytes {
            let purpose = FlowNetwork.Purpose.upgradeImage(CampaignID(index), node: NodeID(rawValue: node))
            upgrades[index].pulling[node] = startTransfer(path: NetworkConfiguration.registryPath(site: siteOf(node: Int(node))),
                                                          gigabits: gigabytes * 8, purpose: purpose, calendar: &calendar)
            return
        }
        scheduleNodeUpgrade(index, node: node, calendar: &calendar)
    }

    func upgradeDuration(_ index: Int) -> SimTime {
        configuration.upgrades[index].nodeUpgradeTime.sample(using: streams.upgrades)
    }

    mutating func scheduleNodeUpgrade(_ index: Int, node: Int32, calendar: inout EventCalendar<Event>) {
        calendar.schedule(.upgrades(.nodeDone(CampaignID(index), node: NodeID(rawValue: node))), after: upgradeDuration(index))
    }

    /// The node has the new image: its upgrade proper starts.
    mutating func imagePulled(campaign index: Int, node: Int32, transfer: FlowID, hours: Double, calendar: inout EventCalendar<Event>) {
        guard upgrades[index].pulling[node] == transfer else { return }
        upgrades[index].pulling[node] = nil
        upgrades[index].imagePullHours.append(hours)
        scheduleNodeUpgrade(index, node: node, calendar: &calendar)
    }

    mutating func finishNodeWork(_ index: Int, node: Int32, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        guard let work = upgrades[index].working.removeValue(forKey: node) else { return }
        upgrades[index].capacityLostGPUHours += (now - work.since) * Double(work.gpusLost)
        let change = ledger.removeOutage(at: .node, entity: Int(node), topology: topology)
        statistics.capacityChanged(by: change, site: siteOf(node: Int(node)), at: now, ledger: ledger)
        if change != 0 { scheduleWaitingJobs(calendar: &calendar) }
        let rackType = Int(topology.rackType[Int(topology.nodeRack[Int(node)])])
        upgrades[index].setVersion(ofNode: node, rackType: rackType, new: work.forward, at: now)
        if work.forward {
            upgrades[index].nodesUpgraded += 1
            if upgrades[index].phase == .rollingBack { upgrades[index].rollbackQueue.append(node) }
        } else {
            upgrades[index].nodesRolledBack += 1
        }
        rescheduleInducedFailure(index, calendar: &calendar)
        let state = upgrades[index]
        switch state.phase {
        case .upgrading where state.nextNode == state.waves[state.wave].count && state.working.isEmpty:
            upgrades[index].phase = .soaking
            calendar.schedule(.upgrades(.soakEnded(CampaignID(index))), after: configuration.upgrades[index].soak)
        case .rollingBack where state.rollbackQueue.isEmpty && state.working.isEmpty:
            upgrades[index].phase = .rolledBack
            upgrades[index].finishedAt = now
        default:
            upgradeStep(index, calendar: &calendar)
        }
    }

    /// The health gate: pass on to the next wave, or roll back (or halt).
    mutating func endSoak(_ index: Int, calendar: inout EventCalendar<Event>) {
        let now = calendar.now
        let campaign = configuration.upgrades[index]
        if now < upgrades[index].heldUntil {
            calendar.schedule(.upgrades(.soakEnded(CampaignID(index))), at: upgrades[index].heldUntil)
            return
        }
        upgrades[index].accrueExposure(at: now)
        upgrades[index].gateChecks += 1
        let passes = campaign.gateSignificance.map { alpha in
            PoissonTest.upperTail(observed: upgrades[index].gateFailures, mean: upgrades[index].gateExpected) >= alpha
        } ?? true
        if passes {
            upgrades[index].wave += 1
            upgrades[index].nextNode = 0
            if upgrades[index].wave == upgrades[index].waves.count {
                upgrades[index].phase = .completed
                upgrades[index].finishedAt = now
                return
            }
            upgrades[index].phase = .upgrading
            upgrades[index].openGateWindow(at: now)
            upgradeStep(index, calendar: &calendar)
            return
        }
        upgrades[index].failedGateWave = upgrades[index].wave
        if campaign.rollback {
            upgrades[index].phase = .rollingBack
            upgrades[index].rollbackQueue = upgrades[index].newVersionNodes.reversed()
            upgradeStep(index, calendar: &calendar)
        } else {
            upgrades[index].phase = .halted
            upgrades[index].finishedAt = now
        }
    }

    /// A failure on a node counts as evidence for every campaign whose new version it runs.
    mutating func noteFailureForUpgradeGates(node: NodeID) {
        for index in upgrades.indices where upgrades[index].isActive && upgrades[index].onNewVersion[node.index] {
            upgrades[index].gateFailures += 1
        }
    }

    /// The campaign whose new version `node` runs, for alert labels (the first, if several).
    func upgradeCampaign(onNode node: NodeID) -> String? {
        upgrades.indices.first { upgrades[$0].onNewVersion[node.index] }.map { configuration.upgrades[$0].name }
    }

    /// A policy's `holdUpgrade`: campaigns named (or all, for `all`) pause; false if none is active.
    mutating func holdUpgrades(named name: String, at now: SimTime) -> Bool {
        var held = false
        for (index, campaign) in configuration.upgrades.enumerated()
        where (name == "all" || name == campaign.name) && upgrades[index].isActive {
            upgrades[index].heldUntil = Swift.max(upgrades[index].heldUntil, now + campaign.holdDuration)
            upgrades[index].holds += 1
            held = true
        }
        return held
    }

    // MARK: Failures a bad version causes

    /// The extra failures of a bad version run as one exponential clock over all its upgraded
    /// nodes; any change of that set restarts it (memorylessness makes that exact).
    mutating func rescheduleInducedFailure(_ index: Int, calendar: inout EventCalendar<Event>) {
        upgrades[index].extraClock &+= 1
        let rate = upgrades[index].extraRateOnNew
        // (The sum can keep a rounding residue once only unaffected nodes are left.)
        let largest = upgrades[index].extraRate.max() ?? 0
        guard upgrades[index].isBadVersion, rate > largest * 1e-9, !upgrades[index].newVersionNodes.isEmpty else { return }
        calendar.schedule(.upgrades(.inducedFailure(CampaignID(index), clock: upgrades[index].extraClock)),
                          after: streams.upgrades.exponential(mean: 1 / rate))
    }

    /// Picks the node in proportion to its extra rate (by rejection), the class in proportion
    /// to its share, a component of that class on the node uniformly, and fails it.
    mutating func induceFailure(_ index: Int, clock: UInt32, calendar: inout EventCalendar<Event>) {
        guard upgrades[index].extraClock == clock else { return }
        let state = upgrades[index]
        let maxRate = state.extraRate.max() ?? 0
        var node: Int32, rackType: Int
        repeat {
            node = state.newVersionNodes[streams.upgrades.index(below: state.newVersionNodes.count)]
            rackType = Int(topology.rackType[Int(topology.nodeRack[Int(node)])])
        } while streams.upgrades.uniform() * maxRate >= state.extraRate[rackType]
        var target = streams.upgrades.uniform() * state.extraRate[rackType]
        var classIndex = state.extraClassRates[rackType].last?.componentClass ?? 0
        for entry in state.extraClassRates[rackType] {
            if target < entry.rate { classIndex = entry.componentClass; break }
            target -= entry.rate
        }
        let candidates = topology.instances(ofClass: classIndex, onNode: Int(node))
        let instance = candidates.lowerBound + streams.upgrades.index(below: candidates.count)
        if !failures.isFailed(classIndex: classIndex, instance: instance) {
            upgrades[index].incidentsCaused += 1
            fail(ComponentID(componentClass: classIndex, instance: instance), calendar: &calendar)
        }
        rescheduleInducedFailure(index, calendar: &calendar)
    }
}

extension FleetSimulation {
    mutating func handle(_ event: UpgradeEvent, calendar: inout EventCalendar<Event>) {
        switch event {
        case .step(let campaign):
            upgrades[campaign.index].stepPending = false
            upgradeStep(campaign.index, calendar: &calendar)
        case .nodeDone(let campaign, let node):
            finishNodeWork(campaign.index, node: node.rawValue, calendar: &calendar)
        case .soakEnded(let campaign):
            endSoak(campaign.index, calendar: &calendar)
        case .inducedFailure(let campaign, let clock):
            induceFailure(campaign.index, clock: clock, calendar: &calendar)
        }
    }
}
