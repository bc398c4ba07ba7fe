import FleetAgent
import FleetPolicy
import Foundation

/// Any bytes as an Alertmanager webhook body, decoded and fed to an agent running a runbook:
/// an input error or actions, never a trap.
let runbooks = try! RunbookFile.parse("""
    guard_rails: {max_cordoned_per_rack: 2}
    runbooks:
      - name: any
        match: {signal: any}
        steps:
          - {id: cordon, action: cordon, on_success: reboot}
          - {id: reboot, action: reboot}
    """, file: "fuzz-runbooks.yaml")
nonisolated(unsafe) var agent = Agent(runbooks: runbooks)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let body = Data(bytes: start, count: count)
    if let notification = try? AlertmanagerWebhook.decode(body) {
        for action in agent.receive(notification, at: 1) { _ = action.jsonLine; _ = action.kubectl?.commandLine }
    }
    return 0
}
