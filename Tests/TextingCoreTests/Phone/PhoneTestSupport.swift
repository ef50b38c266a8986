import TextingCore

/// The error `PhoneNumber(parsing:)` throws for `input`, or nil when it parses.
func phoneRefusal(_ input: String) -> TextingError? {
    do {
        _ = try PhoneNumber(parsing: input)
        return nil
    } catch {
        return error
    }
}
