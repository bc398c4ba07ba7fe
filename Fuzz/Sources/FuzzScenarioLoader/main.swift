import Foundation
import ScenarioLoading

/// Any bytes as a scenario file: a located error or a scenario, never a trap or a hang.
/// Relative paths resolve in an empty folder, so the input cannot reach other files by name.
let emptyFolder = FileManager.default.temporaryDirectory.appendingPathComponent("fleetsim-fuzz-empty")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? ScenarioLoader.parse(text, file: "fuzz.yaml", baseDirectory: emptyFolder)
    return 0
}
