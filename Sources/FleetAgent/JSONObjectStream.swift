/// Cuts a stream of text into top-level JSON objects, whether one per line (JSON Lines) or
/// pretty-printed across many (an Alertmanager notification saved from a webhook log), so that
/// `fleetsim agent --stdin` takes both. Tracks strings and escapes, so braces inside strings do
/// not count. Fed a line at a time; keeps at most `maximumBytes` of an unfinished object.
public struct JSONObjectStream {
    /// A complete object and the line it starts on, or text that is not an object.
    public enum Piece: Equatable {
        case object(String, line: Int)
        case notAnObject(String, line: Int)
        case tooLarge(line: Int)
    }

    private var buffer: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var startLine = 0
    private var overflowed = false
    public let maximumBytes: Int

    public init(maximumBytes: Int = 1 << 20) { self.maximumBytes = maximumBytes }

    /// The pieces `line` (number `number`, from 1) completes.
    public mutating func feed(_ line: String, number: Int) -> [Piece] {
        var pieces: [Piece] = []
        var stray: [UInt8] = []
        for byte in line.utf8 {
            if depth == 0 {
                if byte == UInt8(ascii: "{") {
                    if !stray.isEmpty { pieces.append(.notAnObject(String(decoding: stray, as: UTF8.self), line: number)); stray = [] }
                    buffer = [byte]
                    depth = 1
                    startLine = number
                    overflowed = false
                } else if !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")) || !stray.isEmpty {
                    stray.append(byte)
                }
                continue
            }
            if !overflowed {
                buffer.append(byte)
                if buffer.count > maximumBytes { overflowed = true; buffer = [] }
            }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    pieces.append(overflowed ? .tooLarge(line: startLine) : .object(String(decoding: buffer, as: UTF8.self), line: startLine))
                    buffer = []
                }
            default: break
            }
        }
        if depth > 0 && !overflowed { buffer.append(UInt8(ascii: "\n")) }
        let trimmed = String(decoding: stray, as: UTF8.self).trimmingWhitespace
        if !trimmed.isEmpty { pieces.append(.notAnObject(trimmed, line: number)) }
        return pieces
    }

    /// At the end of input: the line of an object left open, if any.
    public var unfinishedObjectLine: Int? { depth > 0 ? startLine : nil }
}

private extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
