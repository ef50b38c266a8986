/// Which practices may text from their own number, and what that costs (E7).
///
/// Eligibility depends only on the practice's current voice carrier, compared with the
/// configured list ignoring case, spaces and punctuation (`at&t`, `AT & T` and `ATT` are all
/// AT&T; `T Mobile` is T-Mobile).
public struct PortingPolicy: Sendable, Hashable {
    /// Carriers whose numbers can be configured for texting.
    public var eligibleCarriers: [String]
    /// The one-time setup fee recorded when an eligible request is accepted, in cents.
    public var setupFeeCents: Int

    /// The carriers eligible when the configuration names none.
    public static let defaultEligibleCarriers = [
        "AT&T", "Verizon", "T-Mobile", "Bandwidth", "Lumen", "Rogers", "Bell", "Telus",
    ]
    /// $299.00.
    public static let defaultSetupFeeCents = 29_900
    /// The charge kind recorded with ``MessageStore/recordCharge(practice:kind:amountCents:at:)``.
    public static let chargeKind = "port_setup"

    public init(eligibleCarriers: [String] = PortingPolicy.defaultEligibleCarriers,
                setupFeeCents: Int = PortingPolicy.defaultSetupFeeCents) {
        self.eligibleCarriers = eligibleCarriers
        self.setupFeeCents = setupFeeCents
    }

    /// The list's spelling of `carrier` when it is eligible, else nil.
    public func eligibleCarrier(named carrier: String) -> String? {
        let key = Self.key(carrier)
        guard !key.isEmpty else { return nil }
        return eligibleCarriers.first { Self.key($0) == key }
    }

    /// Lower-case letters and digits only.
    private static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }
}
