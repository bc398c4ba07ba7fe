import FleetAgent
import FleetPolicy
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

extension AgentServer {
    /// The HTTP application: the router, a service that times out actions nobody reported on,
    /// and graceful shutdown on SIGTERM/SIGINT (in-flight requests finish) when run with
    /// `runService()`. `onListening` gets the bound port (useful with port 0).
    public func application(host address: String, port: Int, logger: Logger,
                            onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(address, port: port), serverName: "fleetsim-agent"),
            services: [TimeoutSweep(host: host)],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// Every few seconds, actions past their runbook timeout are reported as timed out.
struct TimeoutSweep<P: Policy>: Service {
    let host: AgentHost<P>
    var interval: Duration = .seconds(5)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await host.expireTimeouts()
            }
        }
    }
}
