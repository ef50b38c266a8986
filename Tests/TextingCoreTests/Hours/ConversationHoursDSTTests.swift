import Foundation
import Testing
@testable import TextingCore

/// Daylight saving in 2026: clocks spring forward on 2026-03-08 and fall back on 2026-11-01 in the
/// US and Canada, both at 02:00 local.
@Suite("A3 conversation hours: daylight saving time")
struct ConversationHoursDSTTests {
    typealias F = HoursFixtures

    /// An expected open span `[opens, closes)` of a schedule, with the instant the closed period before it starts.
    struct Span: Sendable, CustomStringConvertible {
        var zone: String
        var intervals: [String]
        var closedFrom: String
        var opens: String
        var closes: String
        var description: String { "\(zone) \(intervals) open \(opens) until \(closes)" }
    }

    /// Checks that the schedule opens exactly at `opens` and closes exactly at `closes`.
    private func expectSpan(_ hours: ConversationHours, _ span: Span) throws {
        let opens = try F.utc(span.opens)
        let closes = try F.utc(span.closes)
        #expect(hours.closedPeriodEnd(at: try F.utc(span.closedFrom)) == opens, "\(span)")
        #expect(!hours.isOpen(at: opens.addingTimeInterval(-1)), "\(span)")
        #expect(hours.isOpen(at: opens), "\(span)")
        #expect(hours.isOpen(at: closes.addingTimeInterval(-1)), "\(span)")
        #expect(!hours.isOpen(at: closes), "\(span)")
        #expect(hours.closedPeriodEnd(at: closes) != nil, "\(span)")
    }

    @Test("A3 08:00-18:00 every day stays 08:00-18:00 local across spring-forward and fall-back", arguments: [
        // New York: EST UTC-5, EDT UTC-4.
        Span(zone: "America/New_York", intervals: ["08:00-18:00"], closedFrom: "2026-03-07T00:00:00Z",
             opens: "2026-03-07T13:00:00Z", closes: "2026-03-07T23:00:00Z"),
        Span(zone: "America/New_York", intervals: ["08:00-18:00"], closedFrom: "2026-03-07T23:00:00Z",
             opens: "2026-03-08T12:00:00Z", closes: "2026-03-08T22:00:00Z"),
        Span(zone: "America/New_York", intervals: ["08:00-18:00"], closedFrom: "2026-10-31T22:00:00Z",
             opens: "2026-11-01T13:00:00Z", closes: "2026-11-01T23:00:00Z"),
        // Vancouver: PST UTC-8, PDT UTC-7.
        Span(zone: "America/Vancouver", intervals: ["08:00-18:00"], closedFrom: "2026-03-08T02:00:00Z",
             opens: "2026-03-08T15:00:00Z", closes: "2026-03-09T01:00:00Z"),
        Span(zone: "America/Vancouver", intervals: ["08:00-18:00"], closedFrom: "2026-10-31T14:00:00Z",
             opens: "2026-10-31T15:00:00Z", closes: "2026-11-01T01:00:00Z"),
        Span(zone: "America/Vancouver", intervals: ["08:00-18:00"], closedFrom: "2026-11-01T01:00:00Z",
             opens: "2026-11-01T16:00:00Z", closes: "2026-11-02T02:00:00Z"),
    ])
    func dayHours(span: Span) throws {
        try expectSpan(try F.everyDay(span.zone, span.intervals), span)
    }

    @Test("A3 01:00-03:00 lasts one real hour on the spring-forward day and three on the fall-back day", arguments: [
        Span(zone: "America/New_York", intervals: ["01:00-03:00"], closedFrom: "2026-03-08T05:00:00Z",
             opens: "2026-03-08T06:00:00Z", closes: "2026-03-08T07:00:00Z"),
        Span(zone: "America/New_York", intervals: ["01:00-03:00"], closedFrom: "2026-11-01T04:00:00Z",
             opens: "2026-11-01T05:00:00Z", closes: "2026-11-01T08:00:00Z"),
        Span(zone: "America/Vancouver", intervals: ["01:00-03:00"], closedFrom: "2026-03-08T08:00:00Z",
             opens: "2026-03-08T09:00:00Z", closes: "2026-03-08T10:00:00Z"),
        Span(zone: "America/Vancouver", intervals: ["01:00-03:00"], closedFrom: "2026-11-01T07:00:00Z",
             opens: "2026-11-01T08:00:00Z", closes: "2026-11-01T11:00:00Z"),
        // A start inside the skipped hour opens when the clocks jump (03:00 EDT).
        Span(zone: "America/New_York", intervals: ["02:30-04:00"], closedFrom: "2026-03-08T05:00:00Z",
             opens: "2026-03-08T07:00:00Z", closes: "2026-03-08T08:00:00Z"),
        // An end inside the skipped hour closes when the clocks jump.
        Span(zone: "America/Vancouver", intervals: ["00:00-02:30"], closedFrom: "2026-03-08T07:00:00Z",
             opens: "2026-03-08T08:00:00Z", closes: "2026-03-08T10:00:00Z"),
        // At a repeated time the start takes the first occurrence (01:00 EDT) and the end the second (01:30 EST).
        Span(zone: "America/New_York", intervals: ["01:00-01:30"], closedFrom: "2026-11-01T04:00:00Z",
             opens: "2026-11-01T05:00:00Z", closes: "2026-11-01T06:30:00Z"),
        Span(zone: "America/New_York", intervals: ["01:30-02:00"], closedFrom: "2026-11-01T04:00:00Z",
             opens: "2026-11-01T05:30:00Z", closes: "2026-11-01T07:00:00Z"),
    ])
    func hoursAroundTheHole(span: Span) throws {
        try expectSpan(try F.hours(span.zone, weekly: [.sunday: span.intervals]), span)
    }

    @Test("A3 an interval entirely inside the skipped hour is never open that day")
    func skippedInterval() throws {
        let hours = try F.hours("America/New_York", weekly: [.sunday: ["02:00-02:30"]])
        #expect(!hours.isOpen(at: try F.utc("2026-03-08T07:00:00Z")))
        // The next Sunday's 02:00 EDT.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-03-08T05:00:00Z")) == (try F.utc("2026-03-15T06:00:00Z")))
    }

    @Test("A3 a 22:00-02:00 night on the clock-change nights lasts 4 real hours in spring and 5 in autumn")
    func nightAcrossTheChange() throws {
        let hours = try F.hours("America/New_York", weekly: [.saturday: ["22:00-02:00"]])
        // Sat 2026-03-07 22:00 EST → Sun 02:00, which does not exist: closes at 03:00 EDT = 07:00Z.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-03-07T12:00:00Z")) == (try F.utc("2026-03-08T03:00:00Z")))
        #expect(hours.isOpen(at: try F.utc("2026-03-08T06:59:59Z")))
        #expect(!hours.isOpen(at: try F.utc("2026-03-08T07:00:00Z")))
        // Sat 2026-10-31 22:00 EDT → Sun 02:00 EST = 07:00Z.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-10-31T12:00:00Z")) == (try F.utc("2026-11-01T02:00:00Z")))
        #expect(hours.isOpen(at: try F.utc("2026-11-01T06:59:59Z")))
        #expect(!hours.isOpen(at: try F.utc("2026-11-01T07:00:00Z")))
    }

    @Test("A3 an end at the first repeated time (01:00 on the fall-back day) is its second occurrence")
    func endAtStartOfRepeatedHour() throws {
        let hours = try F.hours("America/New_York", weekly: [.saturday: ["22:00-01:00"]])
        // Sat 2026-10-31 22:00 EDT (02:00Z) until Sun 01:00 EST (06:00Z): four real hours.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-10-31T12:00:00Z")) == (try F.utc("2026-11-01T02:00:00Z")))
        #expect(hours.isOpen(at: try F.utc("2026-11-01T05:30:00Z")))  // 01:30 EDT
        #expect(hours.isOpen(at: try F.utc("2026-11-01T05:59:59Z")))  // 00:59:59 EST
        #expect(!hours.isOpen(at: try F.utc("2026-11-01T06:00:00Z")))  // 01:00 EST
    }

    @Test("A3 half-hour daylight saving (Lord Howe): an end at a repeated time uses its second occurrence")
    func lordHowe() throws {
        // 2026-04-05 02:00 UTC+11 falls back to 01:30 UTC+10:30; 01:30-02:00 happens twice.
        try expectSpan(try F.hours("Australia/Lord_Howe", weekly: [.sunday: ["01:00-01:45"]]), Span(
            zone: "Australia/Lord_Howe", intervals: ["01:00-01:45"], closedFrom: "2026-04-04T12:00:00Z",
            opens: "2026-04-04T14:00:00Z", closes: "2026-04-04T15:15:00Z"))
    }

    @Test("A3 clocks that change at midnight (Santiago): a day that starts at 01:00 opens when the clocks jump")
    func santiago() throws {
        // 2026-09-06 00:00 UTC-4 jumps to 01:00 UTC-3; 2026-04-05 00:00 UTC-3 falls back to 23:00 UTC-4 on the 4th.
        let hours = try F.hours("America/Santiago", weekly: [.sunday: ["00:00-24:00"], .saturday: ["23:00-23:30"]])
        try expectSpan(hours, Span(zone: "America/Santiago", intervals: ["00:00-24:00"],
                                   closedFrom: "2026-09-06T03:30:00Z",
                                   opens: "2026-09-06T04:00:00Z", closes: "2026-09-07T03:00:00Z"))
        // Saturday 23:00-23:30 covers both occurrences of the repeated hour's first half.
        try expectSpan(hours, Span(zone: "America/Santiago", intervals: ["23:00-23:30"],
                                   closedFrom: "2026-04-05T00:00:00Z",
                                   opens: "2026-04-05T02:00:00Z", closes: "2026-04-05T03:30:00Z"))
        #expect(!hours.isOpen(at: try F.utc("2026-04-05T03:45:00Z")))  // 23:45 the second time
        #expect(hours.isOpen(at: try F.utc("2026-04-05T04:00:00Z")))  // Sunday 00:00
    }

    @Test("A3 clocks that fall back across midnight (St. John's until 2010) still find the intervals around it")
    func fallBackAcrossMidnight() throws {
        // 2010-11-07 00:01 NDT (UTC-2:30) fell back to Saturday 23:01 NST (UTC-3:30), at 02:31Z.
        let sunday = try F.hours("America/St_Johns", weekly: [.sunday: ["00:00-06:00"]])
        // 03:00Z reads Saturday 23:29 (second time), but Sunday 00:00 has already been shown at 02:30Z.
        #expect(sunday.isOpen(at: try F.utc("2010-11-07T03:00:00Z")))
        #expect(!sunday.isOpen(at: try F.utc("2010-11-07T02:29:59Z")))
        #expect(sunday.closedPeriodEnd(at: try F.utc("2010-11-07T02:00:00Z")) == (try F.utc("2010-11-07T02:30:00Z")))
        // Friday 23:30 until Saturday 23:15, whose last occurrence (NST) is 02:45Z on Sunday.
        let friday = try F.hours("America/St_Johns", weekly: [.friday: ["23:30-23:15"]])
        #expect(friday.isOpen(at: try F.utc("2010-11-07T02:30:30Z")))  // reads Sunday 00:00:30 NDT
        #expect(friday.isOpen(at: try F.utc("2010-11-07T02:44:59Z")))
        #expect(!friday.isOpen(at: try F.utc("2010-11-07T02:45:00Z")))
        #expect(friday.closedPeriodEnd(at: try F.utc("2010-11-07T02:30:30Z")) == nil)
        #expect(friday.closedPeriodEnd(at: try F.utc("2010-11-07T02:45:00Z")) == (try F.utc("2010-11-13T03:00:00Z")))
    }

    @Test("A3 a date the zone skipped entirely (Apia, 2011-12-30) is never open")
    func skippedDate() throws {
        let hours = try F.hours("Pacific/Apia", weekly: [.friday: ["09:00-17:00"]],
                                exceptions: ["2011-12-30": ["00:00-24:00"]])
        #expect(!hours.isOpen(at: try F.utc("2011-12-30T10:00:00Z")))
        // Next Friday, 2012-01-06 09:00 UTC+14.
        #expect(hours.closedPeriodEnd(at: try F.utc("2011-12-29T12:00:00Z")) == (try F.utc("2012-01-05T19:00:00Z")))
    }
}
