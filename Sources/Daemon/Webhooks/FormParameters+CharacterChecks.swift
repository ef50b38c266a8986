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
                if field.value.containsControlCharacter {
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
}
