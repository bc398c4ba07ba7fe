import Stochastics

/// The fleet model's random streams, one per stochastic source, named so that adding a class,
/// a site or a policy leaves every other source's draws unchanged.
struct FleetStreams {
    /// Time to failure, one stream per component class (`fleet.time_to_failure.<class>`).
    let failure: [RandomStream]
    let mode: RandomStream
    let detection: RandomStream
    let diagnosis: RandomStream
    let remediation: RandomStream
    let repair: RandomStream
    let response: RandomStream
    let logistics: RandomStream
    let correlated: RandomStream
    let jobs: RandomStream
    let jobArrivals: RandomStream
    let management: RandomStream
    let upgrades: RandomStream
    /// Training jobs' planned stops: their own stream, so adding them leaves every other draw as it was.
    let maintenance: RandomStream

    init(configuration: FleetConfiguration, masterSeed: UInt64, replication: Int) {
        func stream(_ name: String) -> RandomStream {
            RandomStream(masterSeed: masterSeed, name: "fleet.\(name)", replication: replication)
        }
        failure = configuration.componentClasses.map { stream("time_to_failure.\($0.name)") }
        mode = stream("failure_mode")
        detection = stream("detection")
        diagnosis = stream("diagnosis")
        remediation = stream("remediation")
        repair = stream("repair_time")
        response = stream("technician_response")
        logistics = stream("spares_lead_time")
        correlated = stream("correlated_events")
        jobs = stream("training_jobs")
        jobArrivals = stream("job_arrivals")
        management = stream("management_actions")
        upgrades = stream("upgrades")
        maintenance = stream("planned_maintenance")
    }
}
