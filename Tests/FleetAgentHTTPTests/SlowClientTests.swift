import FleetAgentHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Clients that hold connections without finishing requests are cut off, so that they cannot
/// exhaust the agent's file descriptors or tasks.
@Suite struct SlowClientTests {
    /// A plain TCP connection to the loopback, to send exactly the bytes a test wants.
    final class RawConnection: Sendable {
        let socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else { throw CocoaError(.fileReadUnknown) }
            var timeout = timeval(tv_sec: 60, tv_usec: 0)  // a bound on the test, not a measurement
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(socket) }

        func send(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, $0.count - 1, 0) } }

        /// `readUntilClosed` on a thread of its own. The read blocks, and on a 2-core machine the
        /// concurrency pool has two threads: blocking one while other tests hold the other left
        /// the server no thread to answer on until the read timed out.
        func readUntilClosedOffThePool() async -> (text: String, closed: Bool) {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: self.readUntilClosed()) }.start()
            }
        }

        /// Everything the server sends until it closes the connection (or the read times out).
        func readUntilClosed() -> (text: String, closed: Bool) {
            var data = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count == 0 { return (String(decoding: data, as: UTF8.self), true) }
                if count < 0 { return (String(decoding: data, as: UTF8.self), false) }
                data += buffer[0..<count]
            }
        }
    }

    @Test func idleConnectionsAndTricklingBodiesAreCutOff() async throws {
        let harness = try AgentServerTests.Harness(bodyTimeout: .seconds(1))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let app = harness.server.application(host: "127.0.0.1", port: 0, logger: logger, idleTimeout: .seconds(10), maxConnections: 16)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let idle = try RawConnection(port: port)
            let idleEnd = await idle.readUntilClosedOffThePool()
            #expect(idleEnd.closed && idleEnd.text.isEmpty, "an idle connection is closed by the server")

            let slow = try RawConnection(port: port)
            slow.send("POST /v1/alerts HTTP/1.1\r\nHost: agent\r\nAuthorization: Bearer op-token\r\nContent-Length: 1000\r\n\r\n{\"version\"")
            let slowEnd = await slow.readUntilClosedOffThePool()
            #expect(slowEnd.text.hasPrefix("HTTP/1.1 408"), "closed by the server: \(slowEnd.closed); received: \(slowEnd.text)")
        }
        #expect(harness.output.isEmpty, "nothing reached the agent")
    }
}
