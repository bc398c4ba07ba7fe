import SimulationCore
import Stochastics

extension FleetSimulation {
    /// Network metrics, present when the scenario has a `network` block: how long checkpoint
    /// transfers took, how many were slowed by sharing or by failed links, and the busiest link.
    static func networkReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard configuration.network != nil else { return [] }
        let weightPulls = !configuration.inferenceServices.contains { $0.weightsGigabytes != nil } ? [] : pullReadings(
            "weight", counted: "Inference replicas that pulled their weights over the WAN before serving, after warm-up.",
            waited: "Mean time from a replica's start to serving: its weights' transfer over its site's WAN.") {
                $0.services.flatMap(\.weightLoadHours)
            }
        let imagePulls = !configuration.upgrades.contains { $0.imageGigabytes != nil } ? [] : pullReadings(
            "image", counted: "Node upgrades that pulled the new image over their site's WAN first.",
            waited: "Mean time a node waited for the new image, sharing its site's WAN with the rest of its wave.") {
                $0.upgrades.flatMap(\.imagePullHours)
            }
        func minutes(_ name: String, _ description: String, _ p: Double) -> MetricReading {
            MetricReading(metric: Metric(name: name, unit: "min", description: description)) {
                $0.transferQuantiles.value(at: p).map { $0 * 60 }
            }
        }
        return [
            MetricReading(metric: Metric(name: "checkpoint_transfers", unit: "count",
                                         description: "Checkpoint transfers completed over the network, after warm-up.")) {
                Double($0.transfers.checkpointHours.count)
            },
            MetricReading(metric: Metric(name: "mean_checkpoint_transfer_minutes", unit: "min",
                                         description: "Mean time to move a checkpoint over the spine and storage links.")) {
                $0.transfers.checkpointHours.isEmpty ? nil : SampleStatistics($0.transfers.checkpointHours).mean * 60
            },
            minutes("p50_checkpoint_transfer_minutes", "Median time to move a checkpoint.", 0.5),
            minutes("p99_checkpoint_transfer_minutes", "99th percentile of the time to move a checkpoint.", 0.99),
            MetricReading(metric: Metric(name: "slowed_transfer_share", unit: "fraction",
                                         description: "Share of transfers that took longer than alone on an intact network (sharing or failed links).")) {
                $0.transfers.checkpointHours.isEmpty ? nil
                    : Double($0.transfers.slowedCheckpoints) / Double($0.transfers.checkpointHours.count)
            },
            MetricReading(metric: Metric(name: "max_link_utilisation", unit: "fraction",
                                         description: "Mean utilisation of the busiest link (carried / nominal capacity).")) { input in
                input.transfers.nominalGbps.indices.map { link in
                    input.transfers.usedGbps[link].average(until: input.end) / input.transfers.nominalGbps[link]
                }.max()
            },
        ] + weightPulls + imagePulls + alertReadings(for: configuration)
    }

    /// `<what>_pulls` and `mean_<what>_pull_minutes`, read from the pulls' durations in hours.
    static func pullReadings(_ what: String, counted: String, waited: String,
                             hours: @escaping (ReadingInput) -> [Double]) -> [MetricReading] {
        [
            MetricReading(metric: Metric(name: "\(what)_pulls", unit: "count", description: counted)) { Double(hours($0).count) },
            MetricReading(metric: Metric(name: "mean_\(what)_pull_minutes", unit: "min", description: waited)) { input in
                let pulls = hours(input)
                return pulls.isEmpty ? nil : SampleStatistics(pulls).mean * 60
            },
        ]
    }

    /// With a management plane: how long alerts took to cross the WAN.
    static func alertReadings(for configuration: FleetConfiguration) -> [MetricReading] {
        guard configuration.management != nil else { return [] }
        return [
            MetricReading(metric: Metric(name: "mean_alert_delivery_seconds", unit: "s",
                                         description: "Mean time an alert from another site took to cross the WAN to the management plane (long while a link on the way is cut).")) {
                $0.statistics.alertDeliveryHours.isEmpty ? nil : SampleStatistics($0.statistics.alertDeliveryHours).mean * 3600
            },
            MetricReading(metric: Metric(name: "max_alert_delivery_hours", unit: "h",
                                         description: "The longest an alert waited on the WAN.")) {
                $0.statistics.alertDeliveryHours.max()
            },
        ]
    }

    /// `link_utilisation.csv`: every link's mean load over each sample interval.
    func linkUtilisationTable() -> ResultTable {
        var table = ResultTable(name: "link_utilisation", columns: [
            .number("time_hours"), .string("link"), .number("mean_used_gbps"), .number("capacity_gbps"), .number("utilisation"),
        ])
        for sample in transfers.samples {
            for link in sample.meanUsedGbps.indices {
                let (site, kind) = NetworkConfiguration.describe(link: link)
                table.append(["\(sample.time)", "\(configuration.sites[site].name)/\(kind.rawValue)", "\(sample.meanUsedGbps[link])",
                              "\(sample.capacityGbps[link])", "\(sample.meanUsedGbps[link] / transfers.nominalGbps[link])"])
            }
        }
        return table
    }

    /// `links.csv`: one row per link — capacity, mean utilisation, hours saturated, data carried
    /// and capacity losses (failures of its components), after warm-up.
    func linksTable(end: SimTime) -> ResultTable {
        var table = ResultTable(name: "links", columns: [
            .string("link"), .string("site"), .string("kind"), .number("capacity_gbps"), .number("mean_used_gbps"), .number("mean_utilisation"), .number("saturated_hours"),
            .number("carried_terabytes"), .integer("capacity_losses"),
        ])
        for link in transfers.nominalGbps.indices {
            let (site, kind) = NetworkConfiguration.describe(link: link)
            let name = configuration.sites[site].name
            let used = transfers.usedGbps[link].average(until: end)
            table.append([
                "\(name)/\(kind.rawValue)", name, kind.rawValue, "\(transfers.nominalGbps[link])", "\(used)",
                "\(used / transfers.nominalGbps[link])", "\(transfers.saturatedHours[link])",
                "\(transfers.carriedGigabits[link] / 8000)", "\(transfers.capacityLosses[link])",
            ])
        }
        return table
    }
}
