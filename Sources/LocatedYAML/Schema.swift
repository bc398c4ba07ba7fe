/// A JSON Schema written as Swift values: the one description of a file format, from which the
/// loaders take their keys, `SchemaChecker` reports every structural problem of a file, and
/// `fleetsim schema` writes the published schema (docs/*.schema.json) for editors.
///
/// Only the keywords the formats use: `type`, `properties` (in declared order),
/// `additionalProperties`, `required`, `propertyNames`, `enum`, `items`, `pattern`, `minimum`,
/// `maximum`, `exclusiveMinimum`, `anyOf`, `oneOf`, `description`, `$ref` into `$defs`.
public struct Schema: Sendable {
    /// The schema as a JSON object, keys in writing order.
    public private(set) var members: [(key: String, value: JSON)]

    public init(_ members: [(key: String, value: JSON)]) { self.members = members }

    /// A JSON value, objects keeping their keys' order (so the published file reads in the
    /// order the format is declared).
    public indirect enum JSON: Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case array([JSON])
        case object([(key: String, value: JSON)])
    }

    public subscript(key: String) -> JSON? {
        members.first { $0.key == key }?.value
    }

    /// The schema with `key` set (replaced where present, else appended).
    public func with(_ key: String, _ value: JSON) -> Schema {
        var copy = self
        if let index = copy.members.firstIndex(where: { $0.key == key }) { copy.members[index].value = value } else { copy.members.append((key, value)) }
        return copy
    }

    public func described(_ text: String) -> Schema { with("description", .string(text)) }

    // MARK: Building

    public static let string = Schema([("type", .string("string"))])
    public static let boolean = Schema([("type", .string("boolean"))])
    public static let integer = Schema([("type", .string("integer"))])

    public static func integer(minimum: Double) -> Schema { integer.with("minimum", .number(minimum)) }

    /// A number within the bounds given (`above` is exclusive).
    public static func number(minimum: Double? = nil, above: Double? = nil, maximum: Double? = nil) -> Schema {
        var schema = Schema([("type", .string("number"))])
        if let minimum { schema = schema.with("minimum", .number(minimum)) }
        if let above { schema = schema.with("exclusiveMinimum", .number(above)) }
        if let maximum { schema = schema.with("maximum", .number(maximum)) }
        return schema
    }

    /// A mapping with exactly these keys (in this order), those of `required` mandatory.
    public static func object(_ properties: [(String, Schema)], required: [String] = []) -> Schema {
        var schema = Schema([("type", .string("object")),
                             ("properties", .object(properties.map { ($0.0, $0.1.json) })),
                             ("additionalProperties", .bool(false))])
        if !required.isEmpty { schema = schema.with("required", .array(required.map(JSON.string))) }
        return schema
    }

    /// A mapping whose keys the user chooses (classes, sites, …), each value a `value`.
    public static func named(_ value: Schema) -> Schema {
        Schema([("type", .string("object")), ("additionalProperties", value.json)])
    }

    /// A mapping whose keys are among `names`, each value a `value`.
    public static func named(_ value: Schema, among names: [String]) -> Schema {
        Schema([("type", .string("object")), ("propertyNames", .object([("enum", .array(names.map(JSON.string)))])),
                ("additionalProperties", value.json)])
    }

    public static func enumeration(_ values: [String]) -> Schema {
        Schema([("type", .string("string")), ("enum", .array(values.map(JSON.string)))])
    }

    public static func array(_ items: Schema) -> Schema {
        Schema([("type", .string("array")), ("items", items.json)])
    }

    public static func pattern(_ regex: String) -> Schema { string.with("pattern", .string(regex)) }

    /// One of several forms.
    public static func anyOf(_ forms: [Schema]) -> Schema { Schema([("anyOf", .array(forms.map(\.json)))]) }

    /// A definition of the root schema's `$defs`.
    public static func reference(_ definition: String) -> Schema { Schema([("$ref", .string("#/$defs/\(definition)"))]) }

    // MARK: Reading

    public var json: JSON { .object(members) }

    /// The keys of an object schema, in declared order: what a loader accepts.
    public var keys: [String] {
        guard case .object(let properties)? = self["properties"] else { return [] }
        return properties.map(\.key)
    }

    /// The schema of key `key` of an object schema.
    public func property(_ key: String) -> Schema? {
        guard case .object(let properties)? = self["properties"], case .object(let members)? = properties.first(where: { $0.key == key })?.value
        else { return nil }
        return Schema(members)
    }

    /// The schema as Foundation-style values (dictionaries, arrays, strings, Doubles, Bools), as
    /// `SchemaChecker` reads it.
    public var foundationObject: [String: Any] { Self.foundation(json) as? [String: Any] ?? [:] }

    static func foundation(_ value: JSON) -> Any {
        switch value {
        case .string(let text): text
        case .number(let number): number
        case .bool(let flag): flag
        case .array(let items): items.map(foundation)
        case .object(let members): Dictionary(members.map { ($0.key, foundation($0.value)) }, uniquingKeysWith: { $1 })
        }
    }

    /// The schema as JSON text, indented by two spaces, keys in declared order, ending with a
    /// newline: the published file.
    public var text: String {
        var out = ""
        Self.write(json, indent: 0, into: &out)
        return out + "\n"
    }

    static func write(_ value: JSON, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 2), end = String(repeating: " ", count: indent)
        switch value {
        case .string(let text): out += quoted(text)
        case .number(let number):
            out += number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
        case .bool(let flag): out += flag ? "true" : "false"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 2, into: &out)
                out += index < items.count - 1 ? ",\n" : "\n"
            }
            out += end + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += pad + quoted(member.key) + ": "
                write(member.value, indent: indent + 2, into: &out)
                out += index < members.count - 1 ? ",\n" : "\n"
            }
            out += end + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension Schema {
    /// The root of a published schema: its identity, this schema, and the definitions its
    /// `reference`s name.
    public func published(id: String, title: String, description: String, definitions: [(String, Schema)]) -> Schema {
        Schema([("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                ("$id", .string("https://fleetsim.dev/schemas/\(id).schema.json")),
                ("title", .string(title)), ("description", .string(description))]
               + members.filter { $0.key != "description" }
               + [("$defs", .object(definitions.map { ($0.0, $0.1.json) }))])
    }

    /// Shapes every format shares.
    public enum Shapes {
        /// A duration with a unit, as `Units` reads it.
        public static let duration = Schema.pattern(
            #"^\s*[0-9.]+([eE][-+]?[0-9]+)?\s*(s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|w|wk|weeks?|y|yr|years?)\s*$"#)
            .described("A duration with a unit: s, min, h, d, w, y (e.g. 30min, 8h, 5y).")
        /// A distribution as the scenario loader reads it.
        public static let distribution = Schema([
            ("description", .string("A distribution: \"exponential(mean: 2000h)\", \"weibull(shape: 0.7, scale: 2000h)\", "
                + "\"lognormal(median: 4h, sigma: 0.8)\", a duration (deterministic), or {family: ..., parameters}.")),
            ("anyOf", .array([Schema.string.json, Schema([("type", .string("object")), ("required", .array([.string("family")]))]).json])),
        ])
    }
}

extension Schema {
    /// The schema with a `default`: the value a loader takes when the key is absent, published
    /// for editors with the rest.
    public func defaulting(_ value: String) -> Schema { with("default", .string(value)) }
    public func defaulting(_ value: Double) -> Schema { with("default", .number(value)) }
    public func defaulting(_ value: Bool) -> Schema { with("default", .bool(value)) }

    /// The `default` of key `key` of an object schema, as the text a file would hold.
    public func defaultText(of key: String) -> String? {
        switch property(key)?["default"] {
        case .string(let text)?: text
        case .number(let number)?: number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
        case .bool(let flag)?: flag ? "true" : "false"
        default: nil
        }
    }
}

extension YAMLMapping {
    /// The value of `key`, or else the default `schema` declares for it, read as the same field
    /// would be (so a default goes through the same parsing and checks as a value in a file);
    /// nil when the key is absent and has no default.
    public func value(_ key: String, defaultFrom schema: Schema) -> YAMLField? {
        if let field = optional(key) { return field }
        guard let text = schema.defaultText(of: key) else { return nil }
        return YAMLField(node: .scalar(.init(text)), file: owner.file, path: owner.path.isEmpty ? key : "\(owner.path).\(key)")
    }
}
