import FleetAgent
import FleetPolicy
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

extension AgentServer {
    /// The HTTP application: the router, a service that times out actions nobody reported on,
    /// and graceful shutdown on SIGTERM/SIGINT (in-flight requests finish) when run with
    /// `runService()`. `onListening` gets the bound port (useful with port 0).
    ///
    /// Connections are bounded so that idle or slow clients cannot exhaust file descriptors
    /// (~20,000 idle connections did): at most `maxConnections` open (new ones wait in the
    /// listen backlog), closed after `idleTimeout` without traffic, headers at most 16 KiB.
    public func application(host address: String, port: Int, logger: Logger, idleTimeout: Duration = .seconds(30),
                            maxConnections: Int = 512,
                            onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let idle = TimeAmount.nanoseconds(Int64(idleTimeout.components.seconds) * 1_000_000_000
                                          + idleTimeout.components.attoseconds / 1_000_000_000)
        return Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: idle,
                                                httpDecoderConfiguration: .init(maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 16 * 1024,
                                                                                maxHeaderFieldCount: 100))),
            configuration: .init(address: .hostname(address, port: port), serverName: "fleetsim-agent",
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections)),
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
        // Shutdown begins: commands already running finish, no new one starts.
        try? await withGracefulShutdownHandler {
            try await sweep()
        } onGracefulShutdown: {
            Task { await host.stopExecuting() }
        }
    }

    private func sweep() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await host.expireTimeouts()
            }
        }
    }
}
