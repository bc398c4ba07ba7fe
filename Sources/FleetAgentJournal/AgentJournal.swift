import FleetAgent
import Foundation
import GRDB

/// The agent's memory across restarts: every input it acted on, in order, written before it
/// acts (a write-ahead log in SQLite, WAL mode, through GRDB), and every decision line it
/// reported.
///
/// The agent is a pure function of its inputs and their times, so its whole state — open and
/// pending actions, action ids, guard-rail windows and counters, the circuit breaker, firing
/// alerts and the deliveries already seen — is rebuilt by replaying the inputs through a fresh
/// agent. Nothing is lost when the process is killed, ids are never reused, and an Alertmanager
/// re-delivery after a restart is recognised.
public final class AgentJournal: Sendable {
    /// One input, as the agent received it.
    public enum Entry: Equatable, Sendable {
        /// An Alertmanager notification, decoded, with the body it came in (what is stored).
        case notification(AlertmanagerWebhook, body: Data, time: Double)
        /// A JSON line of a signal or an outcome (`PolicyInput`).
        case input(line: String)
        case approve(id: Int, by: String, time: Double)
        case reject(id: Int, by: String, time: Double)
        case executed(id: Int, time: Double)
        case expire(time: Double)
    }

    private let database: DatabasePool

    /// Opens (creating if needed) the journal at `path`.
    public init(path: String) throws {
        database = try DatabasePool(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "inputs") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("kind", .text).notNull()
                t.column("body", .blob)
                t.column("line", .text)
                t.column("action_id", .integer)
                t.column("who", .text)
                t.column("time", .double)
                t.column("recorded_at", .double).notNull()
            }
            try db.create(table: "decisions") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("input_seq", .integer)
                t.column("line", .text).notNull()
                t.column("recorded_at", .double).notNull()
            }
        }
        try migrator.migrate(database)
    }

    /// Appends `entry`; returns its sequence number. Durable when it returns (WAL, committed).
    @discardableResult
    public func append(_ entry: Entry) throws -> Int64 {
        try database.write { db in
            let (kind, body, line, id, who, time): (String, Data?, String?, Int?, String?, Double?) = switch entry {
            case .notification(_, let body, let time): ("notification", body, nil, nil, nil, time)
            case .input(let line): ("input", nil, line, nil, nil, nil)
            case .approve(let id, let who, let time): ("approve", nil, nil, id, who, time)
            case .reject(let id, let who, let time): ("reject", nil, nil, id, who, time)
            case .executed(let id, let time): ("executed", nil, nil, id, nil, time)
            case .expire(let time): ("expire", nil, nil, nil, nil, time)
            }
            try db.execute(sql: "INSERT INTO inputs (kind, body, line, action_id, who, time, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [kind, body, line, id, who, time, Date().timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Every input, oldest first.
    public func entries() throws -> [Entry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, body, line, action_id, who, time FROM inputs ORDER BY seq").compactMap { row in
                let time: Double = row["time"] ?? 0
                switch row["kind"] as String {
                case "notification":
                    let body: Data = row["body"] ?? Data()
                    return (try? AlertmanagerWebhook.decode(body)).map { .notification($0, body: body, time: time) }
                case "input": return .input(line: row["line"] ?? "")
                case "approve": return .approve(id: row["action_id"] ?? 0, by: row["who"] ?? "", time: time)
                case "reject": return .reject(id: row["action_id"] ?? 0, by: row["who"] ?? "", time: time)
                case "executed": return .executed(id: row["action_id"] ?? 0, time: time)
                case "expire": return .expire(time: time)
                default: return nil
                }
            }
        }
    }

    /// Records a decision line the agent reported (what clients were told).
    public func record(decision line: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO decisions (line, recorded_at) VALUES (?, ?)", arguments: [line, Date().timeIntervalSince1970])
        }
    }

    /// Every decision line, oldest first.
    public func decisions() throws -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT line FROM decisions ORDER BY seq") }
    }

    /// Deletes decision lines recorded before `cutoff` (seconds since the epoch). Inputs are kept:
    /// the agent's state is rebuilt from them.
    public func pruneDecisions(before cutoff: Double) throws {
        _ = try database.write { db in try db.execute(sql: "DELETE FROM decisions WHERE recorded_at < ?", arguments: [cutoff]) }
    }
}
