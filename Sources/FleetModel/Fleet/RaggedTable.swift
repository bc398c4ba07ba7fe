/// Rows of different lengths (a site's spare stocks, say) stored one after another in one
/// array. An array of arrays gives every row its own allocation, and in a fleet of tens of
/// thousands of sites reaching a row was a cache miss before reaching the element.
struct RaggedTable<Element> {
    private var elements: [Element]
    /// Where each row starts in `elements`, and one past the last row's end.
    private let rowStart: [Int]

    init(_ rows: [[Element]]) {
        elements = rows.flatMap { $0 }
        var starts = [0]
        for row in rows { starts.append(starts[starts.count - 1] + row.count) }
        rowStart = starts
    }

    /// Where row `row`, column `column` sits among all elements: a handle for reaching it again
    /// without the row's start.
    func elementIndex(row: Int, column: Int) -> Int {
        assert(column < rowStart[row + 1] - rowStart[row], "column \(column) is past row \(row)'s end")
        return rowStart[row] + column
    }

    /// The element at `index` (from `elementIndex(row:column:)`).
    subscript(element index: Int) -> Element {
        _read { yield elements[index] }
        _modify { yield &elements[index] }
    }
}
