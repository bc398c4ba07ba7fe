import LocatedYAML

/// The plan file format, field by field (scenarios/plans/README.md): the keys `PlanLoader`
/// accepts, what `fleetsim validate` checks (every structural problem at once), and what
/// `fleetsim schema plan` writes as docs/plan.schema.json.
public enum PlanFormat {
    static let scalar = Schema.anyOf([.string, .number(), .boolean])

    public static let option = Schema.object([("label", .string), ("set", .named(scalar))], required: ["label", "set"])
    public static let range = Schema.object([("from", .number()), ("to", .number()), ("step", .number(above: 0))],
                                            required: ["from", "to", "step"])
    public static let variable = Schema.object([
        ("name", .string), ("path", Schema.string.described("where the value goes in the scenario, e.g. fleet.sites.0.racks.gb200-nvl72")),
        ("values", .array(scalar)), ("range", range), ("options", .array(option)),
    ])
    public static let constraint = Schema.object([
        ("metric", .string), ("min", .number()), ("max", .number()), ("confidence", .number(minimum: 0.5, maximum: 0.9999)),
    ], required: ["metric"])
    public static let objective = Schema.object([("minimize", .string), ("maximize", .string)])
    public static let replications = Schema.object([("screening", .integer(minimum: 2)), ("max", .integer(minimum: 2))])
    public static let sensitivity = Schema.object([
        ("change", .number(minimum: 0.001, maximum: 0.9)),
        ("inputs", .array(.enumeration(PlanDefinition.SensitivityInput.allCases.map(\.rawValue)))),
    ])

    /// The whole file.
    public static let schema = Schema.object([
        ("scenario", Schema.string.described("the base scenario file, relative to the plan")), ("seed", .integer(minimum: 0)),
        ("horizon", .reference("duration")), ("replications", replications), ("budget", .integer(minimum: 1)),
        ("variables", .array(variable)), ("constraints", .array(constraint)), ("objective", objective), ("sensitivity", sensitivity),
        ("pareto", .array(.array(.string))),
    ], required: ["scenario", "variables", "objective"])
    .published(id: "plan", title: "FleetSim plan",
               description: "A FleetSim plan file (scenarios/plans/README.md): decision variables over a base scenario, "
                   + "constraints on its metrics and an objective.",
               definitions: [("duration", Schema.Shapes.duration)])

    /// Reports every structural problem of a file against `schema`.
    public static let checker = SchemaChecker(schema)
}
