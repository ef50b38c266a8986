/// The error codes ``PhoneNumber/init(parsing:)`` reports. Clients may branch on them.
extension TextingError.Code {
    /// Nothing but spaces was given.
    public static let phoneEmpty = TextingError.Code("phone.empty")
    /// Letters or other characters that never appear in a phone number, or no digits at all.
    public static let phoneMalformed = TextingError.Code("phone.malformed")
    /// Too few or too many digits for a North American number.
    public static let phoneWrongLength = TextingError.Code("phone.wrong_length")
    /// An international number whose country code is not +1.
    public static let phoneNotNorthAmerican = TextingError.Code("phone.not_north_american")
    /// A +1 number of a country other than the United States or Canada (e.g. Jamaica).
    public static let phoneCountryNotSupported = TextingError.Code("phone.country_not_supported")
    /// Ten digits that are not a valid, assigned US or Canadian number (unassigned or N11 area
    /// code, area code or exchange starting with 0 or 1, non-geographic service code).
    public static let phoneInvalid = TextingError.Code("phone.invalid")
}
