import SimulationCore
import Stochastics

extension FleetSimulation {
    /// What a metric is read from at the end of a replication.
    struct ReadingInput {
        let statistics: FleetStatistics
        let jobs: [TrainingJobState]
        let jobSpecs: [TrainingJobSpec]
        let services: [InferenceServiceState]
        let management: ManagementState?
        let upgrades: [UpgradeCampaignState]
        let costs: CostBreakdown?
        let transfers: FlowNetwork
        let end: SimTime
        /// Means of the times to detect and repair, in the order they were observed (the
        /// samples themselves are reordered for the quantiles).
        let detectionMean: Double?
        let repairMean: Double?
        /// Quantiles of the times to repair and detect (at `reportedQuantileLevels`), to
        /// mitigate and to transfer checkpoints.
        let repairQuantiles: Quantiles
        let detectionQuantiles: Quantiles
        let mitigationQuantiles: Quantiles
        let transferQuantiles: Quantiles
    }

    /// A metric and how to read it off a finished replication.
    struct MetricReading {
        let metric: Metric
        let value: (ReadingInput) -> Double?
    }

    /// The metrics every replication of `configuration` reports, in order: fixed ones, then one
    /// per site kind present and one per component class.
    public static func metrics(for configuration: FleetConfiguration) -> [Metric] {
        MetricDirections.applied(to: readings(for: configuration).map(\.metric))
    }

    static func readings(for configuration: FleetConfiguration) -> [MetricReading] {
        func reading(_ name: String, _ unit: String, _ description: String,
                     _ value: @escaping (FleetStatistics, SimTime) -> Double?) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: unit, description: description)) { value($0.statistics, $0.end) }
        }
        func quantile(_ name: String, _ description: String, _ p: Double) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: "h", description: description)) { $0.repairQuantiles.value(at: p) }
        }
        func detectionQuantile(_ p: Double) -> MetricReading {
            MetricReading(metric: Metric(name: "p\(Int((p * 100).rounded()))_time_to_detect_hours", unit: "h",
                                         description: "\(Int((p * 100).rounded()))th percentile of time from fault to detection.")) {
                $0.detectionQuantiles.value(at: p)
            }
        }
        var readings = [
            reading("availability", "fraction", "GPU-hours usable / GPU-hours installed, after warm-up.") { s, end in
                s.usable.average(until: end) / Double(s.topology.gpuCount)
            },
            reading("mean_usable_gpus", "GPUs", "Time-average number of usable GPUs.") { s, end in s.usable.average(until: end) },
            reading("incidents", "count", "Component failures after warm-up (all classes and modes).") { s, _ in
                Double(s.failures.joined().reduce(0, +))
            },
            reading("correlated_failures", "count", "Failures caused by common-cause events.") { s, _ in Double(s.correlatedFailures) },
            reading("trace_failures_while_down", "count", "Replayed failures skipped because the component was still down from an earlier one.") { s, _ in
                Double(s.traceFailuresWhileDown)
            },
            MetricReading(metric: Metric(name: "mean_time_to_detect_hours", unit: "h",
                                         description: "Mean time from fault to detection by the management plane.")) { $0.detectionMean },
            detectionQuantile(0.5), detectionQuantile(0.9), detectionQuantile(0.99),
            MetricReading(metric: Metric(name: "mean_time_to_repair_hours", unit: "h",
                                         description: "Mean time from fault to the component back in service.")) { $0.repairMean },
            quantile("p50_time_to_repair_hours", "Median time from fault to back in service.", 0.5),
            quantile("p90_time_to_repair_hours", "90th percentile of time to repair.", 0.9),
            quantile("p99_time_to_repair_hours", "99th percentile of time to repair.", 0.99),
            reading("resolved_by_automation_share", "fraction", "Share of resolved faults cleared by remediation steps, without hands.") { s, _ in
                s.resolutionTimes.isEmpty ? nil : Double(s.resolvedByAutomation) / Double(s.resolutionTimes.count)
            },
            reading("resolved_before_user_impact_share", "fraction",
                    "Share of resolved faults that never interrupted a running job nor left a service short of replicas.") { s, _ in
                s.resolutionTimes.isEmpty ? nil : Double(s.resolvedWithoutUserImpact) / Double(s.resolutionTimes.count)
            },
            reading("remediation_attempts", "count", "Automated remediation steps run.") { s, _ in Double(s.remediationAttempts) },
            reading("technician_touches", "count", "Faults that needed hands-on work.") { s, _ in Double(s.technicianTouches) },
            reading("technician_hours", "h", "Technician time from dispatch to repair, summed.") { s, _ in s.technicianHours },
            reading("mean_technician_queue_length", "faults", "Time-average number of faults waiting for a technician, fleet-wide.") { s, end in
                s.technicianQueue.average(until: end)
            },
            reading("mean_wait_for_technician_hours", "h", "Mean time a fault waited in a site's queue for a free technician on shift.") { s, _ in
                s.technicianWait.meanIfAny
            },
            reading("technician_utilisation", "fraction", "Time-average share of technicians busy, fleet-wide.") { s, end in
                let crews = s.topology.configuration.sites.reduce(0) { $0 + $1.technicians.count }
                return crews == 0 ? nil : s.sites.reduce(0) { $0 + $1.techniciansBusy.average(until: end) } / Double(crews)
            },
            reading("parts_replaced", "count", "Spare parts consumed by hard faults.") { s, _ in Double(s.partsReplaced) },
            reading("spares_stockouts", "count", "Hard faults that found their part out of stock.") { s, _ in Double(s.stockouts) },
            reading("mean_wait_for_parts_hours", "h", "Mean wait of out-of-stock faults for their part.") { s, _ in s.partWait.meanIfAny },
        ]
        for kind in SiteKind.allCases where configuration.sites.contains(where: { $0.kind == kind }) {
            readings.append(reading("availability_\(kind.rawValue)", "fraction",
                                    "Availability of the \(kind.rawValue) sites together.") { s, end in
                var usable = 0.0, installed = 0
                for (site, config) in s.topology.configuration.sites.enumerated() where config.kind == kind {
                    usable += s.sites[site].usable.average(until: end)
                    installed += s.topology.siteInstalledGPUs[site]
                }
                return installed == 0 ? nil : usable / Double(installed)
            })
        }
        for (classIndex, componentClass) in configuration.componentClasses.enumerated() {
            readings.append(reading("incidents_\(componentClass.name)", "count",
                                    "Failures of \(componentClass.name) components after warm-up.") { s, _ in
                Double(s.failures[classIndex].reduce(0, +))
            })
        }
        return readings + jobReadings(for: configuration) + serviceReadings(for: configuration)
            + managementReadings(for: configuration) + upgradeReadings(for: configuration) + networkReadings(for: configuration)
            + costReadings(for: configuration)
    }

    /// The levels of the time-to-repair and time-to-detect quantiles reported (p50, p90, p99).
    static let reportedQuantileLevels = [0.5, 0.9, 0.99]

    /// The replication's metrics and tables. Mutating: it reorders the samples of detection and
    /// repair times in place for their quantiles (after taking their means).
    mutating func result(replication: Int, calendar: EventCalendar<Event>) -> ReplicationResult {
        let end = calendar.now
        let costs = costBreakdown(end: end)
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : SampleStatistics(values).mean }
        let detectionMean = mean(statistics.detectionTimes), repairMean = mean(statistics.resolutionTimes)
        let repairQuantiles = Quantiles(levels: Self.reportedQuantileLevels, selectingIn: &statistics.resolutionTimes)
        let detectionQuantiles = Quantiles(levels: Self.reportedQuantileLevels, selectingIn: &statistics.detectionTimes)
        let input = ReadingInput(statistics: statistics, jobs: workloads.jobs, jobSpecs: workloads.jobSpecs, services: workloads.services, management: management, upgrades: upgrades, costs: costs, transfers: transfers, end: end,
                                 detectionMean: detectionMean, repairMean: repairMean,
                                 repairQuantiles: repairQuantiles,
                                 detectionQuantiles: detectionQuantiles,
                                 mitigationQuantiles: Quantiles(management?.timeToMitigate ?? []),
                                 transferQuantiles: Quantiles(transfers.checkpointHours))
        let values = Self.readings(for: configuration).map { $0.value(input) }
        var tables = [capacityTable(), incidentsTable(), sitesTable(end: end)]
        if configuration.hasJobs { tables += [jobsTable(end: end), tenantsTable(end: end)] }
        if !workloads.services.isEmpty { tables.append(servicesTable()) }
        if !upgrades.isEmpty { tables.append(upgradesTable()) }
        if configuration.network != nil { tables += [linksTable(end: end), linkUtilisationTable()] }
        if let costs { tables.append(costsTable(costs)) }
        return ReplicationResult(index: replication, values: values, eventsFired: calendar.eventsFired, tables: tables)
    }

    /// `capacity.csv`: usable GPUs sampled every `sample_interval`.
    func capacityTable() -> ResultTable {
        var table = ResultTable(name: "capacity", columns: [
            .number("time_hours"), .integer("usable_gpus"), .number("availability"), .integer("faults_waiting_for_technician"), .integer("technicians_busy"),
        ])
        let installed = Double(topology.gpuCount)
        for sample in statistics.capacitySamples {
            table.append(["\(sample.time)", "\(sample.usable)", "\(installed > 0 ? Double(sample.usable) / installed : 0)",
                          "\(sample.waitingForTechnician)", "\(sample.busyTechnicians)"])
        }
        return table
    }

    /// `incidents.csv`: failures after warm-up by component class and mode.
    func incidentsTable() -> ResultTable {
        var table = ResultTable(name: "incidents", columns: [.string("component"), .string("mode"), .string("fault"), .integer("incidents")])
        for (classIndex, componentClass) in configuration.componentClasses.enumerated() {
            for (modeIndex, mode) in componentClass.modes.enumerated() {
                table.append([componentClass.name, mode.name, mode.fault.rawValue, "\(statistics.failures[classIndex][modeIndex])"])
            }
        }
        return table
    }

    /// `sites.csv`: per-site availability, incidents, stock-outs and technician utilisation.
    func sitesTable(end: SimTime) -> ResultTable {
        var table = ResultTable(name: "sites", columns: [
            .string("site"), .string("kind"), .string("region"), .integer("installed_gpus"), .number("availability"), .integer("incidents"), .integer("spares_stockouts"),
            .number("technician_utilisation"),
        ])
        for (index, site) in configuration.sites.enumerated() {
            let installed = topology.siteInstalledGPUs[index]
            let availability = installed == 0 ? nil : statistics.sites[index].usable.average(until: end) / Double(installed)
            let crew = site.technicians.count
            let utilisation = crew == 0 ? nil : statistics.sites[index].techniciansBusy.average(until: end) / Double(crew)
            table.append([site.name, site.kind.rawValue, site.region, "\(installed)", ResultTable.cell(availability),
                          "\(statistics.sites[index].failures)", "\(statistics.sites[index].stockouts)", ResultTable.cell(utilisation)])
        }
        return table
    }
}
