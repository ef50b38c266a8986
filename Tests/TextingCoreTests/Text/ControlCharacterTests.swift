import Testing
import TextingCore

/// The byte-level control-character check of identifiers (issue 11, fast since issue 15) against
/// the Unicode category it stands for.
@Suite("Control characters in identifiers (issue 11; R6: carrier ids kept exactly)") struct ControlCharacterTests {
    @Test("every scalar is a control character by its bytes exactly when its category is Cc")
    func everyScalar() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            let expected = scalar.properties.generalCategory == .control
            if text.containsControlCharacter != expected {
                Issue.record("U+\(String(value, radix: 16)): bytes say \(!expected), category says \(expected)")
                return
            }
        }
    }

    @Test("a control character anywhere is found, also next to multi-byte text")
    func positions() {
        #expect("SM\u{85}".containsControlCharacter == true)
        #expect("\u{0}".containsControlCharacter == true)
        #expect("é\u{9F}".containsControlCharacter == true)
        #expect("é\u{A0}Ā".containsControlCharacter == false)
        #expect("+13125550142".containsControlCharacter == false)
        #expect("".containsControlCharacter == false)
    }
}
