import Foundation

/// Reading an input file (scenario, runbook, plan, trace) with a one-line reason when it cannot
/// be read: missing, a folder, a device, unreadable or too large — never a raw system error.
public enum InputFile {
    /// The largest input read (inputs are text written by people or exported logs).
    public static let maximumBytes = 512 << 20

    /// The file's bytes; `what` names it in errors ("the scenario file").
    public static func read(_ path: String, what: String) throws(LocatedError) -> Data {
        func fail(_ reason: String) -> LocatedError { LocatedError(file: path, field: "", message: "cannot read \(what): \(reason)") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fail(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw fail("it is a folder; expected a file")
        default: throw fail("it is a device or special file; expected a regular file")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw fail("it is \(info.st_size) bytes; at most \(maximumBytes) are read")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail(String(cString: strerror(errno))) }
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch { throw fail("read error") }
    }
}

extension InputFile {
    /// The file's text (UTF-8); `what` names it in errors.
    public static func text(_ path: String, what: String) throws(LocatedError) -> String {
        let data = try read(path, what: what)
        guard let text = String(data: data, encoding: .utf8) else {
            throw LocatedError(file: path, field: "", message: "cannot read \(what): it is not UTF-8 text")
        }
        return text
    }
}
