import FleetAgent
import FleetPolicy
import Foundation
import Hummingbird
import Logging

/// The agent's HTTP interface:
///
/// | route | role | |
/// | --- | --- | --- |
/// | `GET /healthz` | none | liveness |
/// | `GET /metrics` | none | Prometheus text |
/// | `POST /v1/alerts` | operator, admin | an Alertmanager webhook notification (version 4) |
/// | `POST /v1/inputs` | operator, admin | JSON lines of signals and outcomes (`PolicyInput`) |
/// | `GET /v1/state` | any | firing alerts, cordons, open actions |
/// | `GET /v1/actions/pending` | any | actions waiting for approval |
/// | `POST /v1/actions/{id}/approve`, `/reject` | approver, admin | decide on a held action |
///
/// Tokens go in `Authorization: Bearer <token>`; a missing or unknown token is 401, a token
/// whose role is too low 403. Bodies over the limit are 413, malformed ones 400; neither
/// reaches the agent.
public struct AgentServer<P: Policy>: Sendable {
    public let host: AgentHost<P>
    public let tokens: TokenTable
    public let maxBodyBytes: Int
    public let bodyTimeout: Duration

    public init(host: AgentHost<P>, tokens: TokenTable, maxBodyBytes: Int, bodyTimeout: Duration = .seconds(30)) {
        self.host = host
        self.tokens = tokens
        self.maxBodyBytes = maxBodyBytes
        self.bodyTimeout = bodyTimeout
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("healthz") { _, _ in "ok\n" }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: await host.metricsText())))
        }
        router.post("v1/alerts") { request, _ in
            try await authorize(request, .send)
            let body = try await collect(request)
            let payload: AlertmanagerWebhook
            do { payload = try AlertmanagerWebhook.decode(body) } catch {
                await host.refuse("malformed")
                throw HTTPError(.badRequest, message: "\(error)")
            }
            do { try await host.receive(payload, body: body) } catch { throw HTTPError(.serviceUnavailable, message: "\(error)") }
            return Response(status: .accepted)
        }
        router.post("v1/inputs") { request, _ in
            try await authorize(request, .send)
            let body = try await collect(request)
            var inputs: [PolicyInput] = []
            for (number, line) in String(decoding: body, as: UTF8.self).split(separator: "\n").enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do { inputs.append(try PolicyInput.parse(String(line), now: AgentClock.now())) } catch {
                    await host.refuse("malformed")
                    throw HTTPError(.badRequest, message: "line \(number + 1): \(error)")
                }
            }
            for input in inputs {
                do { try await host.apply(input) } catch { throw HTTPError(.serviceUnavailable, message: "\(error)") }
            }
            return Response(status: .accepted)
        }
        router.get("v1/state") { request, _ in
            try await authorize(request, .read)
            return json(await host.stateJSON())
        }
        router.get("v1/actions/pending") { request, _ in
            try await authorize(request, .read)
            return json(JSONLines.encode(await host.pendingApproval.map(\.jsonObject)))
        }
        for verb in ["approve", "reject"] {
            router.post("v1/actions/:id/\(verb)") { request, context in
                let who = try await authorize(request, .approve)
                guard let id = context.parameters.get("id", as: Int.self) else {
                    throw HTTPError(.badRequest, message: "the action id must be a number")
                }
                do {
                    if verb == "approve" { try await host.approve(id, by: who) } else { try await host.reject(id, by: who) }
                } catch {
                    if case AgentHostError.journal = error { throw HTTPError(.serviceUnavailable, message: "\(error)") }
                    throw HTTPError(.notFound, message: "\(error)")
                }
                return Response(status: .ok)
            }
        }
        return router
    }

    /// The caller's name for the log ("viewer:…1a2b"), or 401/403.
    @discardableResult
    private func authorize(_ request: Request, _ needed: Permission) async throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let role = tokens.role(of: String(header.dropFirst("Bearer ".count)))
        else {
            await host.refuse("unauthorized")
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "a valid bearer token is required")
        }
        guard role.allows(needed) else {
            await host.refuse("forbidden")
            let roles = Role.allCases.filter { $0.allows(needed) }.map(\.rawValue).joined(separator: " or ")
            throw HTTPError(.forbidden, message: "this needs the \(roles) role; the token has \(role.rawValue)")
        }
        return "\(role.rawValue):…\(header.suffix(4))"
    }

    /// The body, at most `maxBodyBytes`, arriving within `bodyTimeout` (a client trickling a
    /// body byte by byte would otherwise hold its connection and a task for ever).
    private func collect(_ request: Request) async throws -> Data {
        let limit = maxBodyBytes, timeout = bodyTimeout
        let outcome: Result<ByteBuffer, BodyProblem> = await withTaskGroup(of: Result<ByteBuffer, BodyProblem>.self) { group in
            group.addTask {
                do { return .success(try await request.body.collect(upTo: limit)) } catch { return .failure(.tooLarge) }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .failure(.tooSlow)
            }
            let first = await group.next()!
            group.cancelAll()
            return first
        }
        switch outcome {
        case .success(let buffer): return Data(buffer: buffer)
        case .failure(.tooLarge):
            await host.refuse("too_large")
            throw HTTPError(.contentTooLarge, message: "the body is larger than \(maxBodyBytes) bytes")
        case .failure(.tooSlow):
            await host.refuse("too_slow")
            throw HTTPError(.requestTimeout, message: "the body did not arrive within \(bodyTimeout)")
        }
    }

    private enum BodyProblem: Error { case tooLarge, tooSlow }

    private func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
