import Yams

/// Reading a YAML file into a located root field.
public enum YAMLDocument {
    /// The root of `text`; `file` names it in errors. Syntax errors carry their line and column;
    /// an empty document is an error that says what was `expected`.
    public static func root(of text: String, file: String, expected: String) throws(LocatedError) -> YAMLField {
        let node: Node?
        try YAMLAliasGuard.checkKeys(text, file: file)
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw LocatedError(file: file, field: "", message: "not valid YAML: \(error)")
        }
        guard let node else {
            throw LocatedError(file: file, field: "", message: "the file is empty; expected \(expected)")
        }
        try YAMLAliasGuard.checkExpansion(node, file: file)
        return YAMLField(node: node, file: file, path: "")
    }

    static func syntaxError(_ error: YamlError, file: String) -> LocatedError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            LocatedError(file: file, line: mark.line, column: mark.column, field: "",
                          message: "not valid YAML: \(problem)" + (problem.contains("mapping values")
                              ? " (a value containing ': ' must be quoted, e.g. \"weibull(shape: 0.7, scale: 2000h)\", or written weibull(shape=0.7, scale=2000h))"
                              : ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            LocatedError(file: file, line: context.mark.line, column: context.mark.column, field: "",
                         message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping; each key may appear once")
        case .reader(let problem, let offset, _, _):
            LocatedError(file: file, field: "", message: "not readable as YAML text: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        default:
            LocatedError(file: file, field: "", message: "not valid YAML")
        }
    }
}
