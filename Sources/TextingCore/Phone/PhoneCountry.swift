/// A country whose phone numbers the daemon accepts (rule E8: the United States, its territories
/// included, and Canada).
///
/// The raw value is the ISO 3166-1 alpha-2 code, which is also what is stored and sent over the API.
/// US territories with their own NANP area codes (Puerto Rico, the U.S. Virgin Islands, Guam, the
/// Northern Mariana Islands, American Samoa) count as `.unitedStates`; the territory is named by
/// ``PhoneNumber/region``.
public enum PhoneCountry: String, Sendable, Codable, CaseIterable {
    case unitedStates = "US"
    case canada = "CA"

    /// The English name for people: "United States" or "Canada".
    public var name: String {
        switch self {
        case .unitedStates: "United States"
        case .canada: "Canada"
        }
    }
}
