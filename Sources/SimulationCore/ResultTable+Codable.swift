/// Tables travel in shard files (a study's units computed elsewhere). A table of thousands of
/// rows as nested JSON arrays of strings costs a decoder microseconds per cell, which made a
/// merge slower than the simulation; so the cells go as one string: cells end with `,`, rows
/// with `;`, and a `\` before one of those three characters takes it literally. The separators
/// are printable, so a JSON string holding them needs no escapes (its decoder's fast path).
extension ResultTable: Codable {
    private enum CodingKeys: String, CodingKey { case name, columns, types, cells }
    private static let cellEnd = UInt8(ascii: ","), rowEnd = UInt8(ascii: ";"), escape = UInt8(ascii: "\\")

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(columns, forKey: .columns)
        try container.encode(types, forKey: .types)
        var bytes: [UInt8] = []
        for row in rows {
            for cell in row {
                for byte in cell.utf8 {
                    if byte == Self.cellEnd || byte == Self.rowEnd || byte == Self.escape { bytes.append(Self.escape) }
                    bytes.append(byte)
                }
                bytes.append(Self.cellEnd)
            }
            bytes.append(Self.rowEnd)
        }
        try container.encode(String(decoding: bytes, as: UTF8.self), forKey: .cells)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let names = try container.decode([String].self, forKey: .columns), types = try container.decode([ColumnType].self, forKey: .types)
        guard names.count == types.count else {
            throw DecodingError.dataCorruptedError(forKey: .types, in: container, debugDescription: "\(names.count) columns but \(types.count) types")
        }
        self.init(name: try container.decode(String.self, forKey: .name), columns: zip(names, types).map { Column(name: $0, type: $1) })
        var cells = try container.decode(String.self, forKey: .cells)
        let width = columns.count
        let parsed: [[String]]? = cells.withUTF8 { bytes in
            var rows: [[String]] = []
            var row: [String] = []
            row.reserveCapacity(width)
            // A cell is read straight from the bytes; one with an escape is gathered in `escaped`.
            var start = 0
            var escaped: [UInt8]?
            var index = 0
            func cell(upTo end: Int) -> String {
                defer { escaped = nil }
                guard var gathered = escaped else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
                gathered.append(contentsOf: bytes[start..<end])
                return String(decoding: gathered, as: UTF8.self)
            }
            while index < bytes.count {
                switch bytes[index] {
                case Self.escape where index + 1 < bytes.count:
                    escaped = (escaped ?? []) + bytes[start..<index] + [bytes[index + 1]]
                    index += 2
                    start = index
                    continue
                case Self.cellEnd:
                    row.append(cell(upTo: index))
                case Self.rowEnd:
                    guard row.count == width, start == index, escaped == nil else { return nil }
                    rows.append(row)
                    row.removeAll(keepingCapacity: true)
                default:
                    index += 1
                    continue
                }
                index += 1
                start = index
            }
            return row.isEmpty && start == bytes.count && escaped == nil ? rows : nil
        }
        guard let parsed else {
            throw DecodingError.dataCorruptedError(forKey: .cells, in: container, debugDescription: "table \(name): rows do not have \(width) cells")
        }
        for row in parsed { append(row) }
    }
}
