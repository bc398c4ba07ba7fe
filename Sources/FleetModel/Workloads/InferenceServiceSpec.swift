import Foundation
import SimulationCore
import Stochastics

/// Demand on an inference service over time, in requests per second (or any unit its replicas'
/// capacity uses).
public enum DemandCurve: Hashable, Sendable {
    case constant(Double)
    /// mean · (1 + amplitude · cos(2π (hour of day − peak hour) / 24)).
    case diurnal(mean: Double, amplitude: Double, peakHour: Double)
    /// A step function: `values[i]` from `times[i]` (hours, increasing) until the next time.
    case steps(times: [Double], values: [Double])

    public func demand(at time: SimTime) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .diurnal(let mean, let amplitude, let peakHour):
            let hour = time.truncatingRemainder(dividingBy: 24)
            return mean * (1 + amplitude * cos(2 * .pi * (hour - peakHour) / 24))
        case .steps(let times, let values):
            guard let index = times.lastIndex(where: { $0 <= time }) else { return values.first ?? 0 }
            return values[index]
        }
    }
}

/// A replicated inference service: enough replicas for its demand (at least `minReplicas`,
/// the SLO floor), each on whole nodes; a replica on a failed node is lost until rescheduled.
public struct InferenceServiceSpec: Hashable, Sendable {
    public var name: String
    public var tenant: Int
    /// Higher than a training job's priority lets the service preempt it.
    public var priority: Int
    public var gpusPerReplica: Int
    /// Demand one replica serves.
    public var capacityPerReplica: Double
    public var demand: DemandCurve
    public var minReplicas: Int
    /// Detecting a lost replica and starting its replacement, hours.
    public var rescheduleDelay: Distribution
    /// Whether replicas at a site cut off from the network are replaced at other sites.
    public var allowFailover: Bool
    /// How often the replica count follows demand, hours.
    public var scaleInterval: SimTime
    /// The model's weights, gigabytes. With a network in the scenario, a replica started after
    /// time 0 serves only once it has pulled them from the model registry beyond the backbone,
    /// over its site's WAN uplink and spine (those at time 0 are deployed already).
    public var weightsGigabytes: Double?

    public init(name: String, tenant: Int = 0, priority: Int = 10, gpusPerReplica: Int, capacityPerReplica: Double,
                demand: DemandCurve, minReplicas: Int = 1, rescheduleDelay: Distribution = .deterministic(0),
                allowFailover: Bool = true, scaleInterval: SimTime = 1, weightsGigabytes: Double? = nil) {
        self.weightsGigabytes = weightsGigabytes
        self.name = name
        self.tenant = tenant
        self.priority = priority
        self.gpusPerReplica = gpusPerReplica
        self.capacityPerReplica = capacityPerReplica
        self.demand = demand
        self.minReplicas = minReplicas
        self.rescheduleDelay = rescheduleDelay
        self.allowFailover = allowFailover
        self.scaleInterval = scaleInterval
    }

    /// Replicas the demand at `time` requires.
    public func requiredReplicas(at time: SimTime) -> Int {
        Swift.max(minReplicas, Int((demand.demand(at: time) / capacityPerReplica - 1e-9).rounded(.up)))
    }
}

/// A service's replicas and its record.
struct InferenceServiceState {
    /// Each replica's nodes.
    var replicas: [[Int32]] = []
    /// Replicas lost and waiting out the reschedule delay.
    var replacing = 0
    var required = 0
    var lastAccounting: SimTime = 0
    var available = 0
    var sloViolationHours: SimTime = 0
    var shortfallReplicaHours: SimTime = 0
    var failovers = 0
    var replicaLosses = 0
    /// Replicas still pulling their weights (by first node), and their transfers.
    var loading: [Int32: FlowID] = [:]
    /// Hours each replica took to pull its weights, and the replicas that did.
    var weightLoadHours: [Double] = []
}
