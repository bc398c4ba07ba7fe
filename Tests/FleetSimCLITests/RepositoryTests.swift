import Foundation
import Testing

/// The project works from a clone with nothing beside it: no file it ships names a path outside
/// the repository (a notes folder next to the clone, a home or build machine's directory).
@Suite struct RepositoryTests {
    static let root = CommandLineTests.packageRoot

    /// Written in pieces, so that this file does not match itself.
    static let outside = ["..", "/shared/"].joined(), machines = ["/" + "work/", "/" + "home/", "/" + "Users/", "/" + "root/"]

    static let shipped = ["Sources", "Tests", "scenarios", "runbooks", "docs", "scripts", "Benchmarks", ".ci", "notebooks-export", "Fuzz/Sources"]

    static func files() -> [URL] {
        var files = [root.appendingPathComponent("README.md"), root.appendingPathComponent("Package.swift"), root.appendingPathComponent("Containerfile")]
        for folder in shipped {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: [.isRegularFileKey],
                                                            options: [.skipsHiddenFiles])
            while let url = enumerator?.nextObject() as? URL {
                if url.pathComponents.contains(where: { $0.hasPrefix(".build") }) { enumerator?.skipDescendants(); continue }
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
            }
        }
        return files
    }

    @Test func noShippedFileNamesAPathOutsideTheRepository() throws {
        var offenders: [String] = []
        let files = Self.files()
        #expect(files.count > 100, "the walk should see the whole repository")
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }  // binary data
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let hit = line.contains(Self.outside) ? Self.outside : Self.machines.first { line.contains("\"\($0)") || line.contains(" \($0)") || line.contains("(\($0)") }
                if let hit {
                    offenders.append("\(file.path.dropFirst(Self.root.path.count + 1)):\(number + 1): \(hit)")
                }
            }
        }
        #expect(offenders.isEmpty, "paths outside the repository:\n\(offenders.joined(separator: "\n"))")
    }
}
