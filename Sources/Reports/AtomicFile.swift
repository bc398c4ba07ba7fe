import Foundation

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file in
/// the same directory, which is then renamed over the target (rename is atomic on POSIX file
/// systems). An interrupted run leaves at worst a hidden `.tmp` file, never a truncated result.
public enum AtomicFile {
    /// With `durable`, the bytes are flushed to the device (fsync) before the rename, and the
    /// rename itself after it, so that even a machine that loses power keeps either the old file
    /// or the whole new one: what shard files of a cluster study need.
    public static func write(_ data: Data, to url: URL, durable: Bool = false) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            if durable {
                try writeSynchronously(data, to: temporary)
            } else {
                try data.write(to: temporary)
            }
            if rename(temporary.path, url.path) != 0 {
                throw failure(url, "cannot rename into place")
            }
            if durable { synchronizeDirectory(directory) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private static func writeSynchronously(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure(url, "cannot create") }
        defer { close(descriptor) }
        var written = 0
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            while written < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure(url, "cannot write")
                }
                written += count
            }
        }
        guard fsync(descriptor) == 0 else { throw failure(url, "cannot flush to disk") }
    }

    /// Makes a rename in `directory` survive a crash (best effort: not every file system allows it).
    private static func synchronizeDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func failure(_ url: URL, _ what: String) -> CocoaError {
        CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: url.path,
            NSLocalizedDescriptionKey: "\(what) \(url.lastPathComponent): \(String(cString: strerror(errno)))",
        ])
    }
}
