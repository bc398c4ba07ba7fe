import Foundation

/// Reads one numeric column of a CSV file with a header row (plain comma-separated, no quoted
/// commas), reporting the line of any value that is not a number.
enum CSVColumn {
    static func read(url: URL, displayPath: String, column: String) throws(QuantityError) -> [Double] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw QuantityError("cannot read CSV file '\(displayPath)': \(error.localizedDescription)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw QuantityError("CSV file '\(displayPath)' is empty") }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let index = names.firstIndex(of: column) else {
            throw QuantityError("CSV file '\(displayPath)' has no column '\(column)' (columns: \(names.joined(separator: ", ")))")
        }
        var values: [Double] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard index < cells.count, let value = Quantities.number(String(cells[index])), value >= 0 else {
                let cell = index < cells.count ? String(cells[index]) : "(missing)"
                throw QuantityError("\(displayPath):\(offset + 1): column '\(column)' is '\(cell)'; expected a non-negative number")
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw QuantityError("CSV file '\(displayPath)' has no rows") }
        return values
    }
}
