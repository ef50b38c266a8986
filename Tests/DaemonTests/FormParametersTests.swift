import Testing
@testable import Daemon

@Suite struct FormParametersTests {
    static func parse(_ text: String) throws -> [FormParameters.Field] {
        try FormParameters(decoding: Array(text.utf8)).fields
    }

    @Test func decodesPlusAndPercentEscapes() throws {
        #expect(try Self.parse("From=%2B13125550142&Body=Hello+there%21+%F0%9F%90%B6") == [
            .init("From", "+13125550142"), .init("Body", "Hello there! 🐶"),
        ])
        // A literal "+" must be sent as %2B; "%2b" (lower case) works too.
        #expect(try Self.parse("a=%2b1+2") == [.init("a", "+1 2")])
        #expect(try Self.parse("na%20me=v%3Dalue%26x") == [.init("na me", "v=alue&x")])
    }

    @Test func keepsRepeatedAndUnknownKeysInOrder() throws {
        let form = try FormParameters(decoding: Array("MediaUrl0=a&x=1&MediaUrl0=b&FromCity=CHICAGO".utf8))
        #expect(form.values(of: "MediaUrl0") == ["a", "b"])
        #expect(form["MediaUrl0"] == "a")
        #expect(form["FromCity"] == "CHICAGO")
        #expect(form.fields.map(\.name) == ["MediaUrl0", "x", "MediaUrl0", "FromCity"])
    }

    @Test func emptyPartsAndMissingValues() throws {
        #expect(try Self.parse("") == [])
        #expect(try Self.parse("&&a=1&&") == [.init("a", "1")])
        #expect(try Self.parse("Body=&flag") == [.init("Body", ""), .init("flag", "")])
        #expect(try Self.parse("a==b") == [.init("a", "=b")])
        #expect(try Self.parse("=x") == [.init("", "x")])
    }

    @Test func malformedEscapesAreRefused() {
        for text in ["a=%", "a=%4", "a=%zz", "a=100%", "%g1=b"] {
            #expect(throws: FormParameters.DecodingError.self, "\(text)") { try Self.parse(text) }
        }
        do {
            _ = try Self.parse("a=%E9")  // Latin-1 é: not UTF-8
            Issue.record("accepted a byte that is not UTF-8")
        } catch {
            #expect((error as? FormParameters.DecodingError)?.code == "form.not_utf8")
        }
    }
}
