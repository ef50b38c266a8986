import Testing
import TextingCore

@Suite struct ConstantTimeTests {
    @Test("Equal bytes match; a different byte anywhere, or a different length, does not")
    func equality() {
        #expect(ConstantTime.equal([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equal([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equal([9, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equal([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(ConstantTime.equal([UInt8](), [UInt8]()))
        #expect(ConstantTime.equal("tökén", "tökén"))
        #expect(!ConstantTime.equal("token", "token "))
        #expect(!ConstantTime.equal("é", "e\u{301}"))
    }
}
