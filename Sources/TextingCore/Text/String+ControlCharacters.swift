extension String {
    /// Whether the text holds a character of Unicode category Cc (U+0000-U+001F, U+007F-U+009F),
    /// the mark of a malformed identifier (issue 11): a carrier id, a directory client id, a
    /// token's subject.
    ///
    /// Read from the UTF-8 bytes: the C0 controls and DEL are the bytes 0x00-0x1F and 0x7F, the
    /// C1 controls U+0080-U+009F are 0xC2 followed by 0x80-0x9F (no other character encodes with
    /// that pair, and 0xC2 only ever starts a two-byte character). The same answer as asking each
    /// scalar's category, which `ControlCharacterTests` checks for every scalar, without the table
    /// lookup per character (4 % of the daemon's CPU per webhook when it was asked; issue 15).
    public var containsControlCharacter: Bool {
        var afterC2 = false
        for byte in utf8 {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte <= 0x9F) { return true }
            afterC2 = byte == 0xC2
        }
        return false
    }
}
