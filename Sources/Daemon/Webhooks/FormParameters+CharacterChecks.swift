extension FormParameters {
    /// Refuses a webhook whose fields the daemon reads hold characters it would not keep
    /// exactly (issue 11; D1, R6), with 400 `webhook.invalid_field` naming the field:
    ///
    /// - an identifier (a name in `identifiers`, or starting with one of `identifierPrefixes`:
    ///   carrier ids, status words, numbers, media links) with any control character (Unicode
    ///   category Cc: U+0000-U+001F, U+007F-U+009F). The carrier never sends one, so the field
    ///   is malformed; cleaning it up could make two different ids one.
    /// - free text (a name in `text`, such as `Body`) with U+0000, which the store cannot keep
    ///   (see `StoredText`). Every other character of free text is stored as sent.
    ///
    /// Every value of a repeated name is checked; fields not named are not looked at (they are
    /// neither stored nor compared).
    func checkCharacters(
        identifiers: Set<String>, identifierPrefixes: [String] = [], text: Set<String> = []
    ) throws(WebhookError) {
        for field in fields {
            if identifiers.contains(field.name) || identifierPrefixes.contains(where: field.name.hasPrefix) {
                if Self.containsControlCharacter(field.value) {
                    throw WebhookError(
                        status: 400, code: "webhook.invalid_field",
                        message: "The form field \(field.name) contains a control character (such as a line break or "
                            + "NUL); carrier ids, statuses, numbers and links never do.")
                }
            } else if text.contains(field.name), field.value.utf8.contains(0) {
                throw WebhookError(
                    status: 400, code: "webhook.invalid_field",
                    message: "The form field \(field.name) contains a NUL character (U+0000), which cannot be stored; "
                        + "the message was not accepted.")
            }
        }
    }

    /// Whether `text` holds a character of Unicode category Cc, read from its UTF-8 bytes: the
    /// C0 controls and DEL are the bytes 0x00-0x1F and 0x7F, the C1 controls U+0080-U+009F are
    /// 0xC2 followed by 0x80-0x9F (no other character encodes with that pair, and 0xC2 only
    /// ever starts a two-byte character). Same answer as asking each scalar's category, which
    /// the property tests check, without the table lookup per character.
    static func containsControlCharacter(_ text: String) -> Bool {
        var afterC2 = false
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte <= 0x9F) { return true }
            afterC2 = byte == 0xC2
        }
        return false
    }
}
