import Yams

/// Bounds what YAML aliases can do before and after Yams composes a document.
///
/// An alias (`*a`) repeats its anchored node without copying it, so a kilobyte of nested
/// aliases stands for billions of nodes ("billion laughs"). Two places would walk that
/// expansion: Yams' duplicate-key check, which hashes every mapping key in full, and any reader
/// that visits every value. So keys that could be aliases are refused before composing (FleetSim
/// files have plain names as keys), and the composed document's expanded size is counted,
/// stopping at a limit, before anything reads it.
enum YAMLAliasGuard {
    /// Nodes a document may expand to through its aliases.
    static let maximumExpandedNodes = 1_000_000

    /// Refuses, by a scan of the text, the key forms that let an alias reach the duplicate-key
    /// check: explicit keys (`? ...`), an alias as a key (`*a: ...`), a flow collection as a key
    /// (`[...]: ...`, `{...}: ...`). Comments and quoted text are skipped.
    static func checkKeys(_ text: String, file: String) throws(LocatedError) {
        var line = 1
        var lineStart = true      // only blanks so far on this line
        var quote: Character?
        var inComment = false
        var previous: Character = "\n"
        var flowKeyStart: (depth: Int, line: Int, column: Int)?
        var depth = 0
        var column = 0
        var characters = Array(text)
        characters.append("\n")
        var index = 0
        func fail(_ message: String) -> LocatedError {
            LocatedError(file: file, line: line, column: column, field: "", message: message)
        }
        while index < characters.count {
            let c = characters[index]
            column += 1
            defer { previous = c; index += 1 }
            if c == "\n" {
                line += 1; column = 0; lineStart = true; inComment = false
                continue  // a quoted scalar may go on over several lines
            }
            if inComment { continue }
            if let open = quote {
                if c == open {
                    if open == "'" && index + 1 < characters.count && characters[index + 1] == "'" { index += 1; column += 1; continue }
                    quote = nil
                } else if open == "\"" && c == "\\" { index += 1; column += 1 }
                continue
            }
            if c == "#" && (previous == " " || previous == "\t" || previous == "\n" || lineStart) { inComment = true; continue }
            let atTokenStart = lineStart || " \t[{,-:?".contains(previous)
            if (c == "'" || c == "\"") && atTokenStart { quote = c; lineStart = false; continue }
            if c == " " || c == "\t" { continue }
            if c == "?" && atTokenStart && index + 1 < characters.count && " \t\n".contains(characters[index + 1]) {
                throw fail("explicit mapping keys ('? ...') are not supported; keys are plain names")
            }
            if c == "*" && atTokenStart {
                var end = index + 1
                while end < characters.count && !" \t\n,[]{}".contains(characters[end]) { end += 1 }
                var after = end
                while after < characters.count && (characters[after] == " " || characters[after] == "\t") { after += 1 }
                // `*a:` ends an alias token at the colon only when the colon is followed by a blank.
                let name = characters[(index + 1)..<end]
                if name.last == ":" || (after < characters.count && characters[after] == ":"
                    && after + 1 < characters.count && " \t\n".contains(characters[after + 1])) {
                    throw fail("an alias ('*\(String(name.prefix(40).filter { $0 != ":" }))') cannot be a mapping key; keys are plain names")
                }
            }
            if c == "[" || c == "{" {
                if depth == 0 && atTokenStart { flowKeyStart = (0, line, column) }
                depth += 1
            } else if c == "]" || c == "}" {
                depth = max(0, depth - 1)
                if depth == 0, let start = flowKeyStart, start.line == line {
                    var after = index + 1
                    while after < characters.count && (characters[after] == " " || characters[after] == "\t") { after += 1 }
                    if after + 1 < characters.count && characters[after] == ":" && " \t\n".contains(characters[after + 1]) {
                        throw fail("a list or mapping cannot be a mapping key; keys are plain names")
                    }
                }
                if depth == 0 { flowKeyStart = nil }
            }
            lineStart = false
        }
    }

    /// Throws when `node` expands to more than `maximumExpandedNodes` nodes. Stops counting at
    /// the limit, so it costs at most that many steps whatever the aliases stand for.
    static func checkExpansion(_ node: Node, file: String) throws(LocatedError) {
        var count = 0
        var stack = [node]
        while let next = stack.popLast() {
            count += 1
            if count > maximumExpandedNodes {
                throw LocatedError(file: file, line: node.mark?.line, column: node.mark?.column, field: "",
                                   message: "the document expands through its aliases to more than \(maximumExpandedNodes) values; expected a scenario-sized file")
            }
            switch next {
            case .scalar, .alias: break
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping { stack.append(key); stack.append(value) }
            }
        }
    }
}
