import Foundation
import Yams

/// Applies a `Schema` (a scenario's, a runbook file's, a plan's) to a located YAML tree and
/// reports **every** structural problem — unknown keys (with a did-you-mean), missing keys, wrong
/// types, values outside an enumeration, range or pattern — each with file, line, column and
/// field path. The loaders then check meaning (references, sums, sizes), stopping at the first
/// problem; `fleetsim validate` runs both.
///
/// It implements the keywords `Schema` builds: `type`, `properties`, `additionalProperties`,
/// `required`, `propertyNames` (`enum`), `enum`, `items`, `pattern`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `anyOf`/`oneOf` and local `$ref`s. YAML scalars are typed as YAML reads
/// them: `12` is an integer (and a number), `true` a boolean, and any scalar may be a string.
public struct SchemaChecker: @unchecked Sendable {
    public let root: [String: Any]

    public init(_ schema: Schema) {
        root = schema.foundationObject
    }

    /// Every problem in the file rooted at `field`, in file order.
    public func problems(in field: YAMLField) -> [LocatedError] {
        var problems: [LocatedError] = []
        check(field, against: root, into: &problems)
        return problems
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/$defs/") else { return schema }
        let definitions = root["$defs"] as? [String: Any] ?? [:]
        return resolve(definitions[String(reference.dropFirst("#/$defs/".count))] as? [String: Any] ?? [:])
    }

    private func check(_ field: YAMLField, against given: [String: Any], into problems: inout [LocatedError]) {
        let schema = resolve(given)
        if let branches = (schema["anyOf"] ?? schema["oneOf"]) as? [[String: Any]], schema["properties"] == nil {
            checkAlternatives(field, branches.map(resolve), schema: schema, into: &problems)
            return
        }
        if let type = schema["type"] as? String, !Self.matches(field.node, type: type) {
            problems.append(field.error("expected \(Self.describe(schema)), found \(field.kindName)"))
            return
        }
        if let options = schema["enum"] as? [String], case .scalar(let scalar) = field.node, !options.contains(scalar.string) {
            var message = "'\(scalar.string)' is not one of \(options.joined(separator: ", "))"
            if let suggestion = Spelling.closest(to: scalar.string, among: options) { message += "; did you mean '\(suggestion)'?" }
            problems.append(field.error(message))
            return
        }
        if case .scalar(let scalar) = field.node {
            checkScalar(scalar.string, field: field, schema: schema, into: &problems)
        }
        if case .mapping = field.node, schema["type"] as? String == "object" || schema["properties"] != nil {
            checkMapping(field, schema: schema, into: &problems)
        }
        if case .sequence(let sequence) = field.node, let items = schema["items"] as? [String: Any] {
            for (index, item) in sequence.enumerated() {
                check(field.child(item, key: "\(index)"), against: items, into: &problems)
            }
        }
        if let branches = schema["oneOf"] as? [[String: Any]], schema["properties"] != nil {
            // The top level: exactly one of the model blocks.
            let keys = Set(field.layeredKeyedEntries().map(\.key))
            let blocks = branches.compactMap { ($0["required"] as? [String])?.first }
            let present = blocks.filter(keys.contains)
            if present.count != 1 {
                problems.append(field.error(present.isEmpty ? "no model; expected one of the blocks: \(blocks.joined(separator: ", "))"
                                            : "several models (\(present.joined(separator: ", "))); expected exactly one"))
            }
        }
    }

    /// A value that may take several forms: fine if one fits; otherwise the problems of the form
    /// of the same YAML kind, or a type error naming the forms.
    private func checkAlternatives(_ field: YAMLField, _ branches: [[String: Any]], schema: [String: Any],
                                   into problems: inout [LocatedError]) {
        var sameKind: [LocatedError]?
        for branch in branches {
            var found: [LocatedError] = []
            check(field, against: branch, into: &found)
            if found.isEmpty { return }
            if sameKind == nil, let type = branch["type"] as? String, Self.matches(field.node, type: type) { sameKind = found }
        }
        if let sameKind {
            problems += sameKind
        } else {
            let forms = schema["description"] as? String ?? branches.map(Self.describe).joined(separator: " or ")
            problems.append(field.error("expected \(forms), found \(field.kindName)"))
        }
    }

    private func checkScalar(_ text: String, field: YAMLField, schema: [String: Any], into problems: inout [LocatedError]) {
        if let pattern = schema["pattern"] as? String,
           let regex = try? NSRegularExpression(pattern: pattern),
           regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
            problems.append(field.error("'\(text)' is not allowed; expected \(Self.describe(schema))"))
            return
        }
        guard let value = Double(text) else { return }
        if let minimum = schema["minimum"] as? Double, value < minimum {
            problems.append(field.error("'\(text)' is not allowed; expected \(Self.describe(schema))"))
        } else if let maximum = schema["maximum"] as? Double, value > maximum {
            problems.append(field.error("'\(text)' is not allowed; expected \(Self.describe(schema))"))
        } else if let minimum = schema["exclusiveMinimum"] as? Double, value <= minimum {
            problems.append(field.error("'\(text)' is not allowed; expected \(Self.describe(schema))"))
        }
    }

    private func checkMapping(_ field: YAMLField, schema: [String: Any], into problems: inout [LocatedError]) {
        let properties = schema["properties"] as? [String: Any] ?? [:]
        let additional = schema["additionalProperties"]
        let allowedNames = (schema["propertyNames"] as? [String: Any])?["enum"] as? [String]
        let entries = field.layeredKeyedEntries()
        for entry in entries {
            if let allowedNames, !allowedNames.contains(entry.key) {
                problems.append(Self.unknownKey(entry.key, at: entry.keyField, allowed: allowedNames, kind: "name"))
                continue
            }
            if let property = properties[entry.key] as? [String: Any] {
                check(entry.value, against: property, into: &problems)
            } else if let additional = additional as? [String: Any] {
                check(entry.value, against: additional, into: &problems)
            } else if additional as? Bool == false {
                problems.append(Self.unknownKey(entry.key, at: entry.keyField, allowed: properties.keys.sorted(), kind: "key"))
            }
        }
        let present = Set(entries.map(\.key))
        for key in schema["required"] as? [String] ?? [] where !present.contains(key) {
            let description = (resolve(properties[key] as? [String: Any] ?? [:])["description"] as? String)
                ?? Self.describe(resolve(properties[key] as? [String: Any] ?? [:]))
            problems.append(LocatedError(file: field.file, line: field.node.mark?.line, column: field.node.mark?.column,
                                         field: field.path.isEmpty ? key : "\(field.path).\(key)",
                                         message: "missing; expected \(description)"))
        }
    }

    private static func unknownKey(_ key: String, at field: YAMLField, allowed: [String], kind: String) -> LocatedError {
        var message = "unknown \(kind) '\(key)'"
        if let suggestion = Spelling.closest(to: key, among: allowed) { message += "; did you mean '\(suggestion)'?" }
        return field.error(message + " (allowed: \(allowed.joined(separator: ", ")))")
    }

    static func matches(_ node: Node, type: String) -> Bool {
        switch (node, type) {
        case (.mapping, "object"), (.sequence, "array"): return true
        case (.scalar, "string"): return true
        case (.scalar(let scalar), "number"): return Double(scalar.string) != nil
        case (.scalar(let scalar), "integer"): return Int(scalar.string) != nil
        case (.scalar(let scalar), "boolean"): return ["true", "false", "yes", "no"].contains(scalar.string)
        default: return false
        }
    }

    /// What a schema expects, in words.
    static func describe(_ schema: [String: Any]) -> String {
        if let properties = schema["properties"] as? [String: Any] {
            return "a mapping with keys \(properties.keys.sorted().joined(separator: ", "))"
        }
        if let description = schema["description"] as? String { return description }
        if let options = schema["enum"] as? [String] { return "one of \(options.joined(separator: ", "))" }
        let type = schema["type"] as? String ?? "a value"
        var words: String
        switch type {
        case "object": words = "a mapping"
        case "array": words = "a list"
        case "integer": words = "a whole number"
        case "number": words = "a number"
        case "boolean": words = "true or false"
        case "string": words = schema["pattern"] != nil ? "text matching \(schema["pattern"]!)" : "text"
        default: words = type
        }
        switch (schema["minimum"] as? Double, schema["exclusiveMinimum"] as? Double, schema["maximum"] as? Double) {
        case (let low?, nil, let high?): words += " from \(Self.number(low)) to \(Self.number(high))"
        case (nil, let low?, let high?): words += " above \(Self.number(low)) and at most \(Self.number(high))"
        case (let low?, nil, nil): words += " ≥ \(Self.number(low))"
        case (nil, let low?, nil): words += " > \(Self.number(low))"
        case (nil, nil, let high?): words += " ≤ \(Self.number(high))"
        default: break
        }
        return words
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : "\(value)"
    }
}
