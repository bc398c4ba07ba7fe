@testable import FleetModel
import Testing

@Suite struct RaggedTableTests {
    @Test func rowsOfEveryLengthReadAndWriteTheirOwnElements() {
        let rows = [[1, 2, 3], [], [4], [5, 6]]
        var table = RaggedTable(rows)
        for (row, elements) in rows.enumerated() {
            for (column, element) in elements.enumerated() { #expect(table[row, column] == element) }
        }
        table[3, 0] += 10
        table[0, 2] = 0
        #expect(table[3, 0] == 15 && table[3, 1] == 6 && table[0, 2] == 0 && table[2, 0] == 4)
    }
}
