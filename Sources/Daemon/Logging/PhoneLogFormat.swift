import Logging
import TextingCore

/// How phone numbers appear in logs (D5): masked to their last four digits (`+1******0142`)
/// unless the configuration's `logPhoneNumbers` is true.
public struct PhoneLogFormat: Sendable, Hashable {
    /// When true, numbers are logged in full.
    public var showsFullNumbers: Bool

    public init(showsFullNumbers: Bool) {
        self.showsFullNumbers = showsFullNumbers
    }

    /// The metadata value for `phone`.
    public func value(_ phone: PhoneNumber) -> Logger.Metadata.Value {
        .string(showsFullNumbers ? phone.e164 : phone.masked)
    }

    /// The metadata value for text that may hold a phone number in any form (a number the
    /// daemon refused to parse, for instance).
    public func value(raw text: String) -> Logger.Metadata.Value {
        .string(showsFullNumbers ? text : PhoneMasking.mask(text))
    }
}
