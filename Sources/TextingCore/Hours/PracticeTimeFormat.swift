import Foundation

/// How the instants of results read for people: wall-clock time in the zone of the practice they
/// concern, with the zone's short name, e.g. `2026-12-07 09:14 EST` (in summer `EDT`).
///
/// Results carry instants in UTC (ISO 8601 on the wire); what a person reads is the practice's
/// local time, as its hours (A3) are, and always says which zone it is in, so a time is never
/// taken for the reader's own or the machine's. `twowayctl` prints every time with it.
public struct PracticeTimeFormat: Sendable, Hashable {
    /// The zone times are shown in.
    public var timeZone: TimeZone

    /// Times in `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Times in the IANA zone `identifier` (a practice's `timeZone`, e.g. `America/New_York`);
    /// nil when the name is not a zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.timeZone = zone
    }

    /// Times in UTC, shown as `UTC`: for when the practice's zone cannot be known.
    public static var utc: PracticeTimeFormat {
        // Safe: "UTC" is a zone every time-zone database has.
        PracticeTimeFormat(timeZone: TimeZone(identifier: "UTC")!)
    }

    /// `date` as `yyyy-MM-dd HH:mm` in the zone, then the zone's short name at that instant.
    public func string(from date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " " + zoneName(at: date)
    }

    /// The zone's short name in effect at `date`: `EST` or `EDT`, `NST` or `NDT`, `GMT` or `BST`;
    /// `UTC` for UTC. A zone without a common short name reads as its offset, e.g. `GMT+10`.
    public func zoneName(at date: Date) -> String {
        if timeZone.secondsFromGMT(for: date) == 0, Self.utcIdentifiers.contains(timeZone.identifier) {
            return "UTC"
        }
        var offsetName: String?
        for locale in Self.nameLocales {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = timeZone
            formatter.dateFormat = "zzz"
            let name = formatter.string(from: date)
            guard Self.isOffset(name) else { return name }
            offsetName = offsetName ?? name
        }
        return offsetName ?? timeZone.identifier
    }

    /// Where short names come from, in order. The locale data gives a zone its short name only
    /// where it is common: Canadian English knows every US and Canadian one (`NST` and `NDT`
    /// included, which American English writes as offsets), British English `BST`.
    static let nameLocales = ["en_CA", "en_GB"]

    static let utcIdentifiers: Set<String> = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"]

    /// Whether `name` is an offset such as `GMT-4` or `GMT+5:30` rather than a short name.
    static func isOffset(_ name: String) -> Bool {
        guard name.hasPrefix("GMT") || name.hasPrefix("UTC") else { return false }
        return name.dropFirst(3).first.map { $0 == "+" || $0 == "-" } ?? false
    }
}
