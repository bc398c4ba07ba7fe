import LocatedYAML

/// The runbook file format, field by field (docs/runbooks.md): the keys `RunbookFile` accepts,
/// what `fleetsim validate` checks (every structural problem at once), and what `fleetsim schema
/// runbooks` writes as docs/runbooks.schema.json.
public enum RunbookFormat {
    public static let signal = Schema.enumeration(SignalType.allCases.map(\.rawValue))
    public static var actionNames: [String] { ActionKind.allCases.map(\.rawValue) }
    static let action = Schema.enumeration(actionNames)
    static let duration = Schema.reference("duration")

    public static let match = Schema.object([("signal", .enumeration(SignalType.allCases.map(\.rawValue) + ["any"])), ("labels", .named(.string))],
                                            required: ["signal"])
    public static let step = Schema.object([
        ("id", .string), ("action", action), ("with", .named(.string)), ("timeout", duration), ("retries", .integer(minimum: 0)),
        ("on_success", .string), ("on_failure", .string), ("on_denied", .string),
    ], required: ["id", "action"])
    public static let runbook = Schema.object([
        ("name", .string), ("match", match), ("steps", .array(step)), ("escalation_team", .string),
        ("on_resolve", Schema.string.described("ignore, cancel, or a step's id")),
    ], required: ["name", "match", "steps"])

    public static let approval = Schema.object([
        ("beyond_cordoned_per_rack", .integer(minimum: 0)), ("beyond_cordoned_per_site", .integer(minimum: 0)), ("actions", .array(action)),
    ])
    public static let circuitBreaker = Schema.object([("failures", .integer(minimum: 1)), ("within", duration), ("cooldown", duration)],
                                                     required: ["failures", "within", "cooldown"])
    public static let guardRails = Schema.object([
        ("max_cordoned_per_rack", .integer(minimum: 0)), ("max_cordoned_per_site", .integer(minimum: 0)),
        ("max_concurrent_drains", .integer(minimum: 0)), ("max_actions_per_hour", .integer(minimum: 0)),
        ("circuit_breaker", circuitBreaker), ("approval", approval),
    ])

    /// The whole file.
    public static let schema = Schema.object([
        ("escalation_team", .string), ("guard_rails", guardRails), ("ignore_signals", .array(signal)), ("runbooks", .array(runbook)),
    ], required: ["runbooks"])
    .published(id: "runbooks", title: "FleetSim runbooks",
               description: "A FleetSim runbook file (docs/runbooks.md): runbooks that match signals and run steps, under guard rails.",
               definitions: [("duration", Schema.Shapes.duration)])

    /// Reports every structural problem of a file against `schema`.
    public static let checker = SchemaChecker(schema)
}
