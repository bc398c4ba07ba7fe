import Foundation
import SimulationCore
import Testing

/// Tables in shard files come back cell for cell, whatever the cells hold.
@Suite struct ResultTableCodingTests {
    @Test func awkwardCellsRoundTrip() throws {
        var table = ResultTable(name: "t", columns: [.string("a"), .number("b"), .integer("c")])
        table.append(["1.5", "", "plain"])
        table.append([",", ";", "\\"])
        table.append(["a,b;c\\d", "\\,\\;", "ünïcødé 🚀"])
        table.append(["", "", ""])
        table.append(["\"quoted\"", "line\nbreak", "tab\there"])
        let back = try JSONDecoder().decode(ResultTable.self, from: JSONEncoder().encode(table))
        #expect(back == table)
        let empty = ResultTable(name: "empty", columns: [.boolean("x")])
        #expect(try JSONDecoder().decode(ResultTable.self, from: JSONEncoder().encode(empty)) == empty)
    }

    @Test func aDamagedTableIsAnErrorNotAShortTable() throws {
        for cells in ["1,2,;", "1,2,3,", "1,2,3,;4,5,6,", "1,2,3\\"] {
            let json = #"{"name":"t","columns":["a","b","c"],"types":["string","number","integer"],"cells":"\#(cells.replacingOccurrences(of: "\\", with: "\\\\"))"}"#
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ResultTable.self, from: Data(json.utf8)) }
        }
    }
}
