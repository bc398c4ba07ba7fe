import CSV

/// Any bytes as a CSV file: records or an error with a line, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let records = try? CSVRecords(text: text, displayPath: "fuzz.csv") {
        precondition(records.rows.allSatisfy { $0.cells.count <= records.header.count }, "a row wider than the header got through")
    }
    return 0
}
