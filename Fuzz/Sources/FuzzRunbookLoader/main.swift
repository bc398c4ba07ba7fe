import FleetPolicy

/// Any bytes as a runbook file: a located error or runbooks, never a trap or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? RunbookFile.parse(text, file: "fuzz.yaml")
    return 0
}
