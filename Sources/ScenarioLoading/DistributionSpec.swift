import Foundation
import Units

/// A distribution as written in a scenario, before its parameters are converted and checked:
/// a family name and named (or one positional) arguments. Both the compact text form
/// `weibull(shape: 0.7, scale: 2000h)` and the YAML mapping form
/// `{family: weibull, shape: 0.7, scale: 2000h}` parse into this.
struct DistributionSpec: Equatable {
    enum Argument: Equatable {
        case atom(String)
        case list([String])
    }

    var family: String
    var arguments: [(name: String?, value: Argument)]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.family == rhs.family && lhs.arguments.elementsEqual(rhs.arguments) {
            $0.name == $1.name && $0.value == $1.value
        }
    }

    /// Parses the text form. A bare duration (`4h`) means a deterministic value.
    static func parse(_ text: String) throws(QuantityError) -> DistributionSpec {
        if !text.contains("("), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            return DistributionSpec(family: "deterministic", arguments: [(nil, .atom(text))])
        }
        var tokens = try Tokenizer.tokens(of: text)
        guard case .word(let head)? = tokens.first else {
            throw QuantityError("'\(text)' is empty; expected a distribution such as exponential(mean: 2000h)")
        }
        tokens.removeFirst()
        guard tokens.removeFirst() == .open, tokens.last == .close else {
            throw QuantityError("'\(text)' is not a distribution; expected family(name: value, ...), e.g. weibull(shape: 0.7, scale: 2000h)")
        }
        tokens.removeLast()
        var spec = DistributionSpec(family: head, arguments: [])
        var index = 0
        func syntaxError() -> QuantityError {
            QuantityError("'\(text)' has malformed arguments; expected name: value pairs separated by commas")
        }
        while index < tokens.count {
            var name: String?
            if index + 1 < tokens.count, case .word(let word) = tokens[index], tokens[index + 1] == .colon {
                name = word
                index += 2
            }
            guard index < tokens.count else { throw syntaxError() }
            switch tokens[index] {
            case .word(let atom):
                spec.arguments.append((name, .atom(atom)))
                index += 1
            case .open, .close, .colon, .comma, .closeList:
                throw syntaxError()
            case .openList:
                var items: [String] = []
                index += 1
                while index < tokens.count, tokens[index] != .closeList {
                    guard case .word(let item) = tokens[index] else { throw syntaxError() }
                    items.append(item)
                    index += 1
                    if index < tokens.count, tokens[index] == .comma { index += 1 }
                }
                guard index < tokens.count else { throw syntaxError() }
                index += 1
                spec.arguments.append((name, .list(items)))
            }
            if index < tokens.count {
                guard tokens[index] == .comma else { throw syntaxError() }
                index += 1
            }
        }
        return spec
    }

    private enum Tokenizer {
        enum Token: Equatable {
            case word(String), open, close, colon, comma, openList, closeList
        }

        static func tokens(of text: String) throws(QuantityError) -> [Token] {
            var tokens: [Token] = []
            var current = ""
            var quote: Character?
            // Spaces stay inside a word ("20 min"); words are trimmed when they end.
            func flush() {
                let word = current.trimmingCharacters(in: .whitespaces)
                if !word.isEmpty { tokens.append(.word(word)) }
                current = ""
            }
            for character in text {
                if let open = quote {
                    if character == open { quote = nil; tokens.append(.word(current)); current = "" } else { current.append(character) }
                    continue
                }
                switch character {
                case "\"", "'": flush(); quote = character
                case "(": flush(); tokens.append(.open)
                case ")": flush(); tokens.append(.close)
                case ":", "=": flush(); tokens.append(.colon)
                case ",": flush(); tokens.append(.comma)
                case "[": flush(); tokens.append(.openList)
                case "]": flush(); tokens.append(.closeList)
                default: current.append(character)
                }
            }
            guard quote == nil else { throw QuantityError("'\(text)' has an unterminated quote") }
            flush()
            return tokens
        }
    }
}
