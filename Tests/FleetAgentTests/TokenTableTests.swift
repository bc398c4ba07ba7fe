import FleetAgent
import Testing

@Suite struct TokenTableTests {
    static let a = "0123456789abcdef0123", b = "fedcba9876543210fedc"

    @Test func rolesAreSetsOfPermissions() {
        #expect(Role.operator.allows(.send) && !Role.operator.allows(.approve))
        #expect(Role.approver.allows(.approve) && !Role.approver.allows(.send))
        #expect(!Role.viewer.allows(.send) && Role.viewer.allows(.read))
        #expect(Role.admin.allows(.send) && Role.admin.allows(.approve))
    }

    @Test func aCRLFFileReadsLikeAnLFFile() throws {
        let table = try TokenTable.parse(file: "# tokens\r\noperator \(Self.a)\r\napprover \(Self.b)\r\n", name: "t")
        #expect(table.role(of: Self.a) == .operator && table.role(of: Self.b) == .approver)
        #expect(table.role(of: String(Self.a.dropLast())) == nil && table.role(of: Self.a + "x") == nil && table.role(of: "") == nil)
    }

    @Test func shortRepeatedOrUnknownTokensAreRefusedWithTheirLine() {
        func message(_ text: String) -> String? {
            do { _ = try TokenTable.parse(file: text, name: "tokens"); return nil } catch { return error.description }
        }
        #expect(message("operator x\n") == "tokens:1:1: a token of 1 characters; expected at least 16 (e.g. openssl rand -hex 16)")
        #expect(message("operator \(Self.a)\nviewer \(Self.a)\n") == "tokens:2:1: this token appears twice; each token needs one role")
        #expect(message("boss \(Self.a)\n")?.contains("with role viewer, operator, approver or admin") == true)
        #expect(throws: (any Error).self) { try TokenTable.parse(environment: "operator:short") }
    }
}
