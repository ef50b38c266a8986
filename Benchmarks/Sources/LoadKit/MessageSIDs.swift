/// Unique Twilio-style message ids: `SM` and 32 hexadecimal digits.
///
/// The first 8 digits are random per run, the next 2 name the shard and the last 22 count, so
/// two runs, or two shards of one run, never send the same id by accident.
public struct MessageSIDs: Sendable {
    private let runPrefix: String

    public init(runPrefix: UInt32 = UInt32.random(in: 0...UInt32.max)) {
        self.runPrefix = Self.hex(UInt64(runPrefix), digits: 8)
    }

    /// The id of request `index` of shard `shard`.
    public func sid(shard: Int, index: Int) -> String {
        "SM" + runPrefix + Self.hex(UInt64(shard & 0xFF), digits: 2) + Self.hex(UInt64(index), digits: 22)
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
