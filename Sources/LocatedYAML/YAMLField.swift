import Units
import Yams

/// A YAML node together with where it came from (file, line, column) and its field path, so
/// that every error about it can say exactly where to look. Scenario files and runbooks are read
/// through it.
public struct YAMLField {
    public let node: Node
    public let file: String
    public let path: String
    /// The same field in the files this one extends, nearest first: a mapping here is laid
    /// over theirs key by key; any other value replaces theirs.
    public let bases: [YAMLField]

    public init(node: Node, file: String, path: String, bases: [YAMLField] = []) {
        self.node = node
        self.file = file
        self.path = path
        self.bases = bases
    }

    /// This field laid over `base` (and what `base` itself extends).
    public func extending(_ base: YAMLField) -> YAMLField {
        YAMLField(node: node, file: file, path: path, bases: bases + [base] + base.bases)
    }

    public func error(_ message: String) -> LocatedError {
        LocatedError(
            file: file, line: node.mark?.line, column: node.mark?.column, field: path,
            message: message)
    }

    /// The child at `key` of this field's path.
    public func child(_ node: Node, key: String) -> YAMLField {
        YAMLField(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The scalar's text, or an error saying a single value was expected.
    public func scalar(expected: String) throws(LocatedError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error("expected \(expected), found \(kindName)")
        }
        return scalar.string
    }

    public var kindName: String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The entries of a mapping, rejecting keys outside `allowed` with a did-you-mean.
    public func mapping(allowed: [String]) throws(LocatedError) -> YAMLMapping {
        guard case .mapping = node else {
            throw error("expected a mapping with keys \(allowed.joined(separator: ", ")), found \(kindName)")
        }
        for layer in [self] + bases {
            guard case .mapping(let mapping) = layer.node else { continue }
            for (keyNode, _) in mapping {
                let key = keyNode.scalar?.string ?? ""
                guard allowed.contains(key) else {
                    let keyField = YAMLField(node: keyNode, file: layer.file, path: layer.path.isEmpty ? key : "\(layer.path).\(key)")
                    var message = "unknown key '\(key)'"
                    if let suggestion = Spelling.closest(to: key, among: allowed) {
                        message += "; did you mean '\(suggestion)'?"
                    }
                    throw keyField.error(message + " (allowed: \(allowed.joined(separator: ", ")))")
                }
            }
        }
        return YAMLMapping(owner: self, entries: layeredEntries())
    }

    /// The entries of a mapping whose keys are names the user chooses (classes, sites, ...), in
    /// file order (those of the files extended first).
    public func namedEntries(expected: String) throws(LocatedError) -> [(String, YAMLField)] {
        guard case .mapping = node else {
            throw error("expected \(expected) as a mapping of names, found \(kindName)")
        }
        return layeredEntries()
    }

    /// The keys of every layer that is a mapping, deepest base first; a key present in several
    /// keeps its first position and takes the nearest layer's value, laid over the others'.
    private func layeredEntries() -> [(String, YAMLField)] {
        layeredKeyedEntries().map { ($0.key, $0.value) }
    }

    /// Like the entries of `mapping(allowed:)`, without checking keys, and with each key's own
    /// node (in the nearest layer that has it), so that a checker can point at a bad key.
    public func layeredKeyedEntries() -> [(key: String, keyField: YAMLField, value: YAMLField)] {
        var order: [String] = []
        var layers: [String: [YAMLField]] = [:]
        var keyFields: [String: YAMLField] = [:]
        for layer in ([self] + bases).reversed() {
            guard case .mapping(let mapping) = layer.node else { continue }
            for (keyNode, valueNode) in mapping {
                let key = keyNode.scalar?.string ?? ""
                if layers[key] == nil { order.append(key) }
                let value = layer.child(valueNode, key: key)
                layers[key, default: []].insert(value, at: 0)
                keyFields[key] = YAMLField(node: keyNode, file: layer.file, path: value.path)
            }
        }
        return order.map { key in (key, keyFields[key]!, merged(layers[key]!)) }
    }

    private func merged(_ fields: [YAMLField]) -> YAMLField {
        let nearest = fields[0]
        guard case .mapping = nearest.node else { return nearest }
        let mappings = fields.dropFirst().prefix { if case .mapping = $0.node { true } else { false } }
        return YAMLField(node: nearest.node, file: nearest.file, path: nearest.path, bases: Array(mappings))
    }

    public func number(in range: ClosedRange<Double>, expected: String) throws(LocatedError) -> Double {
        let text = try scalar(expected: expected)
        guard let value = Quantities.number(text), range.contains(value) else {
            throw error("'\(text)' is not allowed; expected \(expected)")
        }
        return value
    }

    /// One of the cases of `Choice`, by raw value, with a did-you-mean.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) throws(LocatedError) -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        let text = try scalar(expected: "one of \(names.joined(separator: ", "))")
        guard let value = Choice(rawValue: text) else {
            var message = "'\(text)' is not one of \(names.joined(separator: ", "))"
            if let suggestion = Spelling.closest(to: text, among: names) { message += "; did you mean '\(suggestion)'?" }
            throw error(message)
        }
        return value
    }

    /// This scalar as a name that must be one of `known` (a class, a step), with a did-you-mean.
    public func reference(to known: [String], kind: String) throws(LocatedError) -> Int {
        try resolve(try scalar(expected: "a \(kind) name"), among: known, kind: kind)
    }

    /// `text` (this field's key, or its value) as one of `known`; errors point at this field.
    public func resolve(_ text: String, among known: [String], kind: String) throws(LocatedError) -> Int {
        guard let index = known.firstIndex(of: text) else {
            var message = "unknown \(kind) '\(text)'"
            if let suggestion = Spelling.closest(to: text, among: known) { message += "; did you mean '\(suggestion)'?" }
            throw error(message + (known.isEmpty ? " (none defined)" : " (defined: \(known.joined(separator: ", ")))"))
        }
        return index
    }

    public func sequence(expected: String) throws(LocatedError) -> [YAMLField] {
        guard case .sequence(let sequence) = node else {
            throw error("expected \(expected) as a list, found \(kindName)")
        }
        return sequence.enumerated().map { child($1, key: "\($0)") }
    }

    public func string() throws(LocatedError) -> String { try scalar(expected: "a string") }

    public func integer(atLeast minimum: Int) throws(LocatedError) -> Int {
        let text = try scalar(expected: "a whole number ≥ \(minimum)")
        guard let value = Int(text), value >= minimum else {
            throw error("'\(text)' is not allowed; expected a whole number ≥ \(minimum)")
        }
        return value
    }

    public func integer(in range: ClosedRange<Int>) throws(LocatedError) -> Int {
        let text = try scalar(expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        guard let value = Int(text), range.contains(value) else {
            throw error("'\(text)' is not allowed; expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    public func boolean() throws(LocatedError) -> Bool {
        switch try scalar(expected: "true or false") {
        case "true", "yes": return true
        case "false", "no": return false
        case let text: throw error("'\(text)' is not allowed; expected true or false")
        }
    }

    public func seed() throws(LocatedError) -> UInt64 {
        let text = try scalar(expected: "a seed")
        guard let value = UInt64(text) else {
            throw error("'\(text)' is not a seed; expected a whole number from 0 to \(UInt64.max)")
        }
        return value
    }

    /// A duration with a unit, in hours, that must be positive (or ≥ 0 with `allowZero`).
    public func duration(allowZero: Bool = false) throws(LocatedError) -> Double {
        let text = try scalar(expected: "a duration with a unit, e.g. 2000h")
        let hours: Double
        do { hours = try Quantities.duration(text) } catch { throw self.error(error.message) }
        guard allowZero ? hours >= 0 : hours > 0 else {
            throw error("'\(text)' is not allowed; expected a \(allowZero ? "non-negative" : "positive") duration")
        }
        return hours
    }
}

/// The checked entries of a YAML mapping.
public struct YAMLMapping {
    public let owner: YAMLField
    public let entries: [(String, YAMLField)]

    public init(owner: YAMLField, entries: [(String, YAMLField)]) {
        self.owner = owner
        self.entries = entries
    }

    public func optional(_ key: String) -> YAMLField? {
        entries.first { $0.0 == key }?.1
    }

    public func required(_ key: String, expected: String) throws(LocatedError) -> YAMLField {
        guard let field = optional(key) else {
            let path = owner.path.isEmpty ? key : "\(owner.path).\(key)"
            throw LocatedError(
                file: owner.file, line: owner.node.mark?.line, column: owner.node.mark?.column,
                field: path, message: "missing; expected \(expected)")
        }
        return field
    }
}

/// Did-you-mean suggestions by edit distance.
public enum Spelling {
    /// The candidate nearest to `word` (Levenshtein distance at most 1/3 of its length, and 2 at
    /// least), if any.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = Swift.max(2, word.count / 3)
        return candidates
            .map { ($0, distance(word.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= limit }
            .min { $0.1 < $1.1 }?.0
    }

    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return a.count + b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(
                    previous[j] + 1, current[j - 1] + 1,
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
