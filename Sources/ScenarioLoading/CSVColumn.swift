import CSV
import Foundation
import Units

/// Reads one numeric column of a CSV file with a header row, reporting the line of any value that
/// is not a non-negative number.
enum CSVColumn {
    static func read(url: URL, displayPath: String, column: String) throws(QuantityError) -> [Double] {
        let records: CSVRecords, index: Int
        do {
            records = try CSVRecords.read(url: url, displayPath: displayPath)
            index = try records.index(of: column, displayPath: displayPath)
        } catch { throw QuantityError(error.message) }
        var values: [Double] = []
        for (line, cells) in records.rows {
            guard index < cells.count, let value = Quantities.number(cells[index]), value >= 0 else {
                let cell = index < cells.count ? cells[index] : "(missing)"
                throw QuantityError("\(displayPath):\(line): column '\(column)' is '\(cell)'; expected a non-negative number")
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw QuantityError("CSV file '\(displayPath)' has no rows") }
        return values
    }
}
