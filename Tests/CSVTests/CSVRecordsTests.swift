import CSV
import Testing

/// RFC 4180 and what spreadsheets export, read as pandas reads them.
@Suite struct CSVRecordsTests {
    static func read(_ text: String) throws -> CSVRecords { try CSVRecords(text: text, displayPath: "t.csv") }

    static func failure(_ text: String) -> String? {
        do { _ = try read(text); return nil } catch let error as CSVError { return error.message } catch { return "\(error)" }
    }

    @Test(arguments: [
        "a,b\n1,2\n3,4\n",          // LF
        "a,b\r\n1,2\r\n3,4\r\n",    // CRLF (Windows, Excel): Swift's "\r\n" is one Character
        "a,b\r\n1,2\n3,4",          // mixed, no final line end
        "\u{FEFF}a,b\r\n1,2\r\n3,4\r\n",  // Excel's UTF-8 byte-order mark
        "a,b\r1,2\r3,4\r",          // old Mac CR
        "a,b\n\n1,2\n\n3,4\n\n",    // empty lines
    ])
    func lineEndsAndMarks(_ text: String) throws {
        let records = try Self.read(text)
        #expect(records.header == ["a", "b"])
        #expect(records.rows.map(\.cells) == [["1", "2"], ["3", "4"]])
    }

    @Test func quotedCellsHoldCommasQuotesAndLineBreaks() throws {
        let records = try Self.read("id,note\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\r\nlines\"\r\n4,\"\"\r\n5,\n")
        #expect(records.rows.map(\.cells) == [["1", "a, b"], ["2", "say \"hi\""], ["3", "two\r\nlines"], ["4", ""], ["5", ""]])
        #expect(records.rows.map(\.line) == [2, 3, 4, 6, 7], "a record's line is where it starts")
    }

    @Test func brokenFilesAreRefusedWithTheirLine() {
        #expect(Self.failure("a,b\n1,\"open\n2,3\n") == "CSV file 't.csv', line 2: a quote opened here is never closed")
        #expect(Self.failure("a,a\n1,2\n") == "CSV file 't.csv', line 1: the column 'a' appears twice in the header")
        #expect(Self.failure("a,b\n1,2,3\n") == "CSV file 't.csv', line 2: 3 cells but the header names 2 columns")
        #expect(Self.failure("a,b\n1,x\"y\n")?.contains("line 2: a quote inside an unquoted cell") == true)
        #expect(Self.failure("a,b\n1,\"x\"y\n")?.contains("line 2: text after a quoted cell's closing quote") == true)
        #expect(Self.failure("") == "CSV file 't.csv' is empty")
        #expect(Self.failure("\r\n\r\n") == "CSV file 't.csv' is empty")
    }

    /// Short rows are kept as they are (the readers say which column is missing).
    @Test func shortRowsAreKept() throws {
        #expect(try Self.read("a,b,c\n1,2\n").rows.map(\.cells) == [["1", "2"]])
    }
}
