/// Where the instances of one component class sit, gathered while `FleetTopology` lays the
/// fleet out, host by host.
///
/// While every host has held the same number k of instances, hosts in order and none skipped,
/// only k and the host being filled are kept: the hot path then computes an instance's host as
/// instance ÷ k. The first placement that departs from that writes out the table of hosts it
/// has so far, and the table grows from then on. Writing every class's table first and
/// dropping the regular ones took 4 bytes per component (120 MB at ten million GPUs) for
/// nothing, and a pass over each table to find out.
struct HostLayout {
    /// Instances placed so far.
    private(set) var count = 0
    /// k, known once the first host is complete (0 before).
    private var perHost = 0
    private var currentHost = -1
    private var onCurrentHost = 0
    /// The host of every instance, once the layout is known not to be regular.
    private var table: [Int32]?

    /// What every host must hold: k, or while the first host is being filled, what it has.
    private var hostSize: Int { currentHost == 0 ? onCurrentHost : perHost }

    /// Places `instances` more instances on `host`.
    mutating func place(_ instances: Int, onHost host: Int) {
        guard instances > 0 else { return }
        if table == nil && !staysRegular(adding: instances, onHost: host) { writeTable() }
        count += instances
        if table != nil {
            table!.append(contentsOf: repeatElement(Int32(host), count: instances))
        } else if host == currentHost {
            onCurrentHost += instances
        } else {
            perHost = hostSize
            currentHost = host
            onCurrentHost = instances
        }
    }

    /// Whether placing `instances` on `host` keeps every host at k instances so far.
    private func staysRegular(adding instances: Int, onHost host: Int) -> Bool {
        if currentHost < 0 { return host == 0 }
        if host == currentHost { return currentHost == 0 || onCurrentHost + instances <= perHost }
        return host == currentHost + 1 && onCurrentHost == hostSize && instances <= hostSize
    }

    private mutating func writeTable() {
        var hosts: [Int32] = []
        for host in 0..<Swift.max(currentHost, 0) { hosts.append(contentsOf: repeatElement(Int32(host), count: perHost)) }
        if currentHost >= 0 { hosts.append(contentsOf: repeatElement(Int32(currentHost), count: onCurrentHost)) }
        table = hosts
    }

    /// k when instance i sits on host i ÷ k for every instance (and the table empty), else 0
    /// and the table.
    func finished() -> (perHost: Int32, hosts: [Int32]) {
        if let table { return (0, table) }
        guard currentHost >= 0 else { return (0, []) }
        guard onCurrentHost == hostSize else {
            var layout = self
            layout.writeTable()
            return (0, layout.table!)
        }
        return (Int32(hostSize), [])
    }
}
