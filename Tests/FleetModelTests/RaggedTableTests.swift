@testable import FleetModel
import Testing

@Suite struct RaggedTableTests {
    @Test func rowsOfEveryLengthReadAndWriteTheirOwnElements() {
        let rows = [[1, 2, 3], [], [4], [5, 6]]
        var table = RaggedTable(rows)
        func at(_ row: Int, _ column: Int) -> Int { table.elementIndex(row: row, column: column) }
        for (row, elements) in rows.enumerated() {
            for (column, element) in elements.enumerated() { #expect(table[element: at(row, column)] == element) }
        }
        #expect([at(0, 0), at(0, 2), at(2, 0), at(3, 1)] == [0, 2, 3, 5])
        table[element: at(3, 0)] += 10
        table[element: at(0, 2)] = 0
        #expect(table[element: at(3, 0)] == 15 && table[element: at(3, 1)] == 6 && table[element: at(0, 2)] == 0 && table[element: at(2, 0)] == 4)
    }
}
