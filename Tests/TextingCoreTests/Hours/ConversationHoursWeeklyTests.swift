import Foundation
import Testing
@testable import TextingCore

@Suite("A3 conversation hours: the weekly schedule")
struct ConversationHoursWeeklyTests {
    typealias F = HoursFixtures

    @Test("A3 a Mon-Fri 08:00-18:00 week is open from 08:00 up to 18:00 on weekdays only")
    func workWeek() throws {
        let hours = try F.workWeek("America/New_York", ["08:00-18:00"])  // January: EST, UTC-5
        #expect(!hours.isOpen(at: try F.utc("2026-01-12T12:59:59Z")))  // Mon 07:59:59
        #expect(hours.isOpen(at: try F.utc("2026-01-12T13:00:00Z")))  // Mon 08:00
        #expect(hours.isOpen(at: try F.utc("2026-01-12T22:59:59Z")))  // Mon 17:59:59
        #expect(!hours.isOpen(at: try F.utc("2026-01-12T23:00:00Z")))  // Mon 18:00: the end is exclusive
        #expect(hours.isOpen(at: try F.utc("2026-01-16T20:00:00Z")))  // Fri 15:00
        #expect(!hours.isOpen(at: try F.utc("2026-01-17T15:00:00Z")))  // Sat 10:00
        #expect(!hours.isOpen(at: try F.utc("2026-01-18T15:00:00Z")))  // Sun 10:00
        #expect(hours.localDate(at: try F.utc("2026-01-13T03:00:00Z")) == (try LocalDate(parsing: "2026-01-12")))
    }

    @Test("A3 22:00-02:00 on Monday is open Monday 23:30 and Tuesday 01:30, closed at 02:00 and 21:59")
    func crossesMidnight() throws {
        let hours = try F.hours("America/Chicago", weekly: [.monday: ["22:00-02:00"]])  // CST, UTC-6
        #expect(!hours.isOpen(at: try F.utc("2026-01-13T03:59:00Z")))  // Mon 21:59
        #expect(hours.isOpen(at: try F.utc("2026-01-13T04:00:00Z")))  // Mon 22:00
        #expect(hours.isOpen(at: try F.utc("2026-01-13T05:30:00Z")))  // Mon 23:30
        #expect(hours.isOpen(at: try F.utc("2026-01-13T07:30:00Z")))  // Tue 01:30
        #expect(!hours.isOpen(at: try F.utc("2026-01-13T08:00:00Z")))  // Tue 02:00
        #expect(!hours.isOpen(at: try F.utc("2026-01-14T05:30:00Z")))  // Tue 23:30: Tuesday has no interval
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-01-13T08:00:00Z")) == (try F.utc("2026-01-20T04:00:00Z")))
    }

    @Test("A3 overlapping and touching intervals form one open period, also across midnight")
    func unionOfIntervals() throws {
        let hours = try F.hours("America/New_York", weekly: [
            .monday: ["08:00-12:00", "13:00-15:00", "11:00-13:00", "22:00-02:00"],
            .tuesday: ["01:00-05:00"],
        ])
        #expect(hours.isOpen(at: try F.utc("2026-01-12T18:00:00Z")))  // Mon 13:00
        #expect(hours.isOpen(at: try F.utc("2026-01-13T07:30:00Z")))  // Tue 02:30
        #expect(!hours.isOpen(at: try F.utc("2026-01-13T10:00:00Z")))  // Tue 05:00
        // 11:00 and 13:00 are not openings: the practice never closes between 08:00 and 15:00.
        #expect(hours.nextOpening(after: try F.utc("2026-01-12T14:00:00Z")) == (try F.utc("2026-01-13T03:00:00Z")))
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-01-12T20:00:00Z")) == (try F.utc("2026-01-13T03:00:00Z")))
        // Tuesday 01:00 is not an opening either: Monday's 22:00-02:00 runs into it.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-01-13T10:00:00Z")) == (try F.utc("2026-01-19T13:00:00Z")))
        // An opening instant is its own next opening.
        #expect(hours.nextOpening(after: try F.utc("2026-01-12T13:00:00Z")) == (try F.utc("2026-01-12T13:00:00Z")))
    }

    @Test("A3 18:00-24:00 and 00:00-06:00 on the next day join into one open night")
    func endOfDayJoinsNextDay() throws {
        let hours = try F.hours("America/New_York", weekly: [.monday: ["18:00-24:00"], .tuesday: ["00:00-06:00"]])
        #expect(hours.isOpen(at: try F.utc("2026-01-13T04:59:59Z")))  // Mon 23:59:59
        #expect(hours.isOpen(at: try F.utc("2026-01-13T05:00:00Z")))  // Tue 00:00
        #expect(!hours.isOpen(at: try F.utc("2026-01-13T11:00:00Z")))  // Tue 06:00
        #expect(hours.nextOpening(after: try F.utc("2026-01-13T00:00:00Z")) == (try F.utc("2026-01-19T23:00:00Z")))
    }

    @Test("A3 open around the clock: always open, never a closed period or an opening")
    func alwaysOpen() throws {
        let hours = ConversationHours.alwaysOpen(timeZone: try F.zone("America/Denver"))
        for instant in ["2026-01-01T00:00:00Z", "2026-03-08T09:30:00Z", "2026-11-01T08:30:00Z"] {
            #expect(hours.isOpen(at: try F.utc(instant)))
            #expect(hours.closedPeriodEnd(at: try F.utc(instant)) == nil)
            #expect(hours.nextOpening(after: try F.utc(instant)) == nil)
        }
    }

    @Test("A1 A3 a schedule without intervals is never open and has no closed-period end")
    func emptySchedule() throws {
        let instant = try F.utc("2026-01-12T15:00:00Z")
        for hours in [
            try F.hours("America/New_York"),
            try F.hours("America/New_York", weekly: [.monday: []], exceptions: ["2026-12-25": nil, "2026-12-24": []]),
        ] {
            #expect(!hours.isOpen(at: instant))
            #expect(hours.closedPeriodEnd(at: instant) == nil)
            #expect(hours.nextOpening(after: instant) == nil)
        }
    }

    @Test("A1 A3 closedPeriodEnd looks 400 days ahead and no further")
    func horizon() throws {
        let hours = try F.hours("America/New_York", exceptions: ["2028-06-01": ["09:00-17:00"]])  // EDT, UTC-4
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-01-01T00:00:00Z")) == nil)  // 882 days ahead
        #expect(hours.nextOpening(after: try F.utc("2026-01-01T00:00:00Z")) == nil)
        #expect(hours.closedPeriodEnd(at: try F.utc("2027-06-01T00:00:00Z")) == (try F.utc("2028-06-01T13:00:00Z")))
    }

    @Test("A3 instants outside 1900-9998 are outside every schedule")
    func outOfRange() throws {
        let hours = ConversationHours.alwaysOpen(timeZone: try F.zone("America/New_York"))
        for instant in [Date.distantPast, Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: 1e300)] {
            #expect(!hours.isOpen(at: instant))
            #expect(hours.closedPeriodEnd(at: instant) == nil)
            #expect(hours.nextOpening(after: instant) == nil)
            _ = hours.localDate(at: instant)
        }
        #expect(hours.isOpen(at: Date.distantFuture))  // year 4001 is still answered
    }
}
