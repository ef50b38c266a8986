/// What the North American Numbering Plan says about one assigned area code (NPA).
///
/// Only `.geographic` and `.tollFree` codes are accepted by ``PhoneNumber``; the other cases exist
/// so that a refusal can say exactly why (rule E8).
public enum NANPAreaCode: Sendable, Hashable {
    /// A geographic area code of the United States (a state, the District of Columbia or a
    /// territory) or of Canada (a province or territory). `region` is the name people use,
    /// e.g. "Illinois", "Puerto Rico", "Ontario".
    case geographic(PhoneCountry, region: String)
    /// A toll-free code (800, 833, 844, 855, 866, 877, 888). Toll-free numbers are shared by the
    /// United States and Canada; ``PhoneNumber/country`` reports them as `.unitedStates`.
    case tollFree
    /// A +1 area code of a country or territory that is neither the United States nor Canada,
    /// e.g. "Jamaica" for 876. Numbers here are refused with `phone.country_not_supported`.
    case otherCountry(name: String)
    /// An assigned code that does not reach a subscriber's phone in a place (personal
    /// communications 5XX, Canadian services 6XX, 700, 710, premium-rate 900, ...). `service`
    /// describes it, e.g. "premium-rate". Numbers here are refused with `phone.invalid`.
    case nonGeographic(service: String)

    /// Whether ``PhoneNumber`` accepts numbers with this area code.
    public var isAccepted: Bool {
        switch self {
        case .geographic, .tollFree: true
        case .otherCountry, .nonGeographic: false
        }
    }
}
