/// The pet owners' numbers a load sends from: valid US numbers spread over many area codes,
/// `+1 AAA EEE LLLL`, the same list on every run so runs can be compared.
///
/// Number `i` takes its area code from ``areaCodes`` (`i % 100`), then its line (2000-9999)
/// and exchange (555, then 556, ...) from the rest, so the first 80,000,000 indexes are all
/// distinct. Lines below 2000 are never used: the sandbox carrier gives suffixes such as
/// `1610`, `0429` or `0003` a special outcome, which would add noise to outbound replies.
public struct ClientNumbers: Sendable {
    /// One hundred assigned, geographic US area codes. Every area code with exchanges 555-575
    /// (the first 16,800,000 indexes) was checked once with the daemon's `PhoneNumber(parsing:)`;
    /// a number the daemon refused would show up as 400s among a load's problems.
    public static let areaCodes: [String] = [
        "201", "202", "203", "205", "206", "207", "208", "209", "210", "212",
        "213", "214", "215", "216", "217", "218", "219", "224", "225", "228",
        "229", "231", "234", "239", "240", "248", "251", "252", "253", "254",
        "256", "260", "262", "267", "269", "270", "272", "276", "281", "301",
        "302", "303", "304", "305", "307", "308", "309", "310", "312", "313",
        "314", "315", "316", "317", "318", "319", "320", "321", "323", "325",
        "330", "331", "334", "336", "337", "339", "346", "347", "351", "352",
        "360", "361", "385", "386", "401", "402", "404", "405", "406", "407",
        "408", "409", "410", "412", "413", "414", "415", "417", "419", "423",
        "424", "425", "430", "432", "434", "435", "440", "442", "443", "458",
    ]

    /// Lines per exchange that are used (2000-9999).
    static let linesPerExchange = 8_000

    /// How many distinct numbers the load cycles through.
    public let count: Int
    /// Index in the whole sequence of this pool's first number, so two pools can be disjoint.
    public let offset: Int

    public init(count: Int, offset: Int = 0) {
        precondition(count > 0 && offset >= 0 && offset + count <= 80_000_000, "at most 80,000,000 client numbers")
        self.count = count
        self.offset = offset
    }

    /// The E.164 form of number `index % count` of this pool.
    public func number(_ index: Int) -> String {
        Self.number(at: offset + index % count)
    }

    /// The E.164 form of the `index`-th number of the whole sequence.
    public static func number(at index: Int) -> String {
        let area = areaCodes[index % areaCodes.count]
        let rest = index / areaCodes.count
        let line = 2_000 + rest % linesPerExchange
        let exchange = 555 + rest / linesPerExchange
        return "+1\(area)\(exchange)\(line)"
    }
}
