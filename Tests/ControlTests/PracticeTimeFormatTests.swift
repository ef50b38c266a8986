import Control
import Foundation
import Testing
import TextingCore

/// Times people read are the practice's wall-clock time with its zone named (issue 12; the
/// zones of A3), whatever the zone of the machine that prints them.
@Suite("Control: times in the practice's time zone")
struct PracticeTimeFormatTests {
    static func instant(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso), "\(iso) is an ISO 8601 instant")
    }

    static func format(_ zone: String) throws -> PracticeTimeFormat {
        try #require(PracticeTimeFormat(identifier: zone))
    }

    @Test("One instant reads in each practice's zone, with the zone's name", arguments: [
        // Winter: both zones on standard time.
        ("2026-12-07T14:14:00Z", "America/New_York", "2026-12-07 09:14 EST"),
        ("2026-12-07T14:14:00Z", "Europe/London", "2026-12-07 14:14 GMT"),
        // Summer: both on daylight time.
        ("2026-07-01T13:14:00Z", "America/New_York", "2026-07-01 09:14 EDT"),
        ("2026-07-01T13:14:00Z", "Europe/London", "2026-07-01 14:14 BST"),
        // A late-evening instant falls on the practice's previous day.
        ("2026-12-08T03:30:00Z", "America/New_York", "2026-12-07 22:30 EST"),
    ])
    func readsInZone(iso: String, zone: String, expected: String) throws {
        #expect(try Self.format(zone).string(from: Self.instant(iso)) == expected)
    }

    /// One DST change: the last minute before it and the first after it, as they read.
    struct Change: Sendable, CustomTestStringConvertible {
        var zone: String
        var before: (iso: String, reads: String)
        var after: (iso: String, reads: String)
        var testDescription: String { "\(zone) \(before.reads) -> \(after.reads)" }
    }

    @Test("Both sides of each DST change read right; the autumn hour that happens twice is told apart by its zone name",
          arguments: [
        // New York springs forward at 02:00 EST (07:00Z) on 2026-03-08 ...
        Change(zone: "America/New_York", before: ("2026-03-08T06:59:00Z", "2026-03-08 01:59 EST"),
               after: ("2026-03-08T07:00:00Z", "2026-03-08 03:00 EDT")),
        // ... and falls back at 02:00 EDT (06:00Z) on 2026-11-01: 01:30 happens twice.
        Change(zone: "America/New_York", before: ("2026-11-01T05:30:00Z", "2026-11-01 01:30 EDT"),
               after: ("2026-11-01T06:30:00Z", "2026-11-01 01:30 EST")),
        // London springs forward at 01:00 GMT on 2026-03-29 ...
        Change(zone: "Europe/London", before: ("2026-03-29T00:59:00Z", "2026-03-29 00:59 GMT"),
               after: ("2026-03-29T01:00:00Z", "2026-03-29 02:00 BST")),
        // ... and falls back at 02:00 BST (01:00Z) on 2026-10-25: 01:30 happens twice.
        Change(zone: "Europe/London", before: ("2026-10-25T00:30:00Z", "2026-10-25 01:30 BST"),
               after: ("2026-10-25T01:30:00Z", "2026-10-25 01:30 GMT")),
    ])
    func daylightSavingChanges(change: Change) throws {
        let format = try Self.format(change.zone)
        let before = format.string(from: try Self.instant(change.before.iso))
        let after = format.string(from: try Self.instant(change.after.iso))
        #expect(before == change.before.reads)
        #expect(after == change.after.reads)
        #expect(before != after)
    }

    @Test("Every US and Canadian zone has a short name, Newfoundland's half hour included", arguments: [
        ("America/St_Johns", "NST", "NDT"), ("America/Halifax", "AST", "ADT"), ("America/Toronto", "EST", "EDT"),
        ("America/Chicago", "CST", "CDT"), ("America/Regina", "CST", "CST"), ("America/Denver", "MST", "MDT"),
        ("America/Phoenix", "MST", "MST"), ("America/Los_Angeles", "PST", "PDT"), ("America/Vancouver", "PST", "PDT"),
        ("America/Anchorage", "AKST", "AKDT"), ("Pacific/Honolulu", "HST", "HST"), ("America/Puerto_Rico", "AST", "AST"),
    ])
    func northAmericanNames(zone: String, winter: String, summer: String) throws {
        let format = try Self.format(zone)
        #expect(format.zoneName(at: try Self.instant("2026-12-07T14:14:00Z")) == winter)
        #expect(format.zoneName(at: try Self.instant("2026-07-01T13:14:00Z")) == summer)
    }

    @Test("A zone without a common short name reads as its offset; UTC reads as UTC")
    func offsetsAndUTC() throws {
        let instant = try Self.instant("2026-12-07T14:14:00Z")
        #expect(try Self.format("Pacific/Guam").string(from: instant) == "2026-12-08 00:14 GMT+10")
        #expect(PracticeTimeFormat.utc.string(from: instant) == "2026-12-07 14:14 UTC")
        #expect(try Self.format("Etc/UTC").string(from: instant) == "2026-12-07 14:14 UTC")
        #expect(PracticeTimeFormat(identifier: "Not/AZone") == nil)
    }
}
