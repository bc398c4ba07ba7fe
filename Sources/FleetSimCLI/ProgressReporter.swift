import Foundation
import Synchronization

/// Progress of a run on stderr: replications done, events per second, time left. Thread-safe:
/// workers report as they finish. Redraws at most a few times a second.
final class ProgressReporter: Sendable {
    private struct State {
        var completed = 0
        var events = 0
        var lastDraw: UInt64 = 0
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    private let total: Int
    private let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private let state = Mutex(State())

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func completed(events: Int) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            state.completed += 1
            state.events += events
            let now = DispatchTime.now().uptimeNanoseconds
            guard state.completed == total || now - state.lastDraw > 250_000_000 else { return nil }
            state.lastDraw = now
            let seconds = Double(now - start) / 1e9
            let rate = Double(state.events) / max(seconds, 1e-9)
            let eta = seconds / Double(state.completed) * Double(total - state.completed)
            // On a terminal the line redraws in place; in a pipe or log each update is a line.
            let (start, end) = Self.stderrIsTerminal ? ("\r", "") : ("", "\n")
            return start + String(format: "replications %d/%d  %.2f M events/s  elapsed %.1fs  ETA %.1fs ",
                                  state.completed, total, rate / 1e6, seconds, eta) + end
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        if enabled && Self.stderrIsTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
