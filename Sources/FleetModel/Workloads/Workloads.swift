/// What runs on the fleet: training jobs (those of the scenario, then those that arrived), the
/// scheduler's lists, inference services, and who holds each node.
struct Workloads {
    var jobSpecs: [TrainingJobSpec]
    var jobs: [TrainingJobState]
    /// Indices of the jobs holding nodes, ascending.
    var holdingJobs: [Int32] = []
    /// Indices of the waiting jobs in the scheduler's order (see `enterPhase`).
    var waitingJobs: [Int32] = []
    var services: [InferenceServiceState]
    /// Who holds each node: a job (its index, ≥ 0), nobody (`freeNode`), or inference service s
    /// (`serviceOwner(s)`, ≤ −2). Empty when the scenario runs no workloads.
    var nodeOwner: [Int32]

    static let freeNode: Int32 = -1
    static func serviceOwner(_ service: Int) -> Int32 { -2 - Int32(service) }

    init(configuration: FleetConfiguration, nodeCount: Int, causes: Int) {
        jobSpecs = configuration.trainingJobs
        jobs = Array(repeating: TrainingJobState(causes: causes), count: configuration.trainingJobs.count)
        services = Array(repeating: InferenceServiceState(), count: configuration.inferenceServices.count)
        nodeOwner = Array(repeating: Self.freeNode, count: configuration.hasWorkloads ? nodeCount : 0)
    }
}
