import Foundation
import Testing
@testable import TextingCore

@Suite("A3 conversation hours: dated exceptions")
struct ConversationHoursExceptionTests {
    typealias F = HoursFixtures

    /// Mon-Fri 08:00-18:00 in New York, closed on Christmas (a Friday), 08:00-12:00 on Christmas Eve.
    static func christmas() throws -> ConversationHours {
        try F.workWeek("America/New_York", ["08:00-18:00"],
                       exceptions: ["2026-12-25": nil, "2026-12-24": ["08:00-12:00"]])
    }

    @Test("A3 a holiday exception closes 2026-12-25 all day")
    func holidayClosed() throws {
        let hours = try Self.christmas()
        #expect(hours.isOpen(at: try F.utc("2026-12-23T17:00:00Z")))  // Wed 12:00
        #expect(!hours.isOpen(at: try F.utc("2026-12-25T17:00:00Z")))  // Fri 12:00, Christmas
        #expect(!hours.isOpen(at: try F.utc("2026-12-25T13:00:00Z")))  // Fri 08:00
        #expect(hours.intervals(startingOn: try LocalDate(parsing: "2026-12-25")).isEmpty)
        #expect(hours.intervals(startingOn: try LocalDate(parsing: "2026-12-23")) == (try F.intervals(["08:00-18:00"])))
    }

    @Test("A3 special hours on a date replace that day's weekly hours")
    func specialHours() throws {
        let hours = try Self.christmas()
        #expect(!hours.isOpen(at: try F.utc("2026-12-24T12:59:00Z")))  // 07:59
        #expect(hours.isOpen(at: try F.utc("2026-12-24T13:00:00Z")))  // 08:00
        #expect(hours.isOpen(at: try F.utc("2026-12-24T16:59:00Z")))  // 11:59
        #expect(!hours.isOpen(at: try F.utc("2026-12-24T17:00:00Z")))  // 12:00, normally open until 18:00
        #expect(hours.intervals(startingOn: try LocalDate(parsing: "2026-12-24")) == (try F.intervals(["08:00-12:00"])))
    }

    @Test("A1 A3 after hours on the night before a holiday, the closed period ends on the next open day")
    func nightBeforeHoliday() throws {
        let hours = try Self.christmas()
        // Christmas Eve 20:00 (special hours ended at 12:00) → Christmas closed → weekend → Monday 08:00.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-12-25T01:00:00Z")) == (try F.utc("2026-12-28T13:00:00Z")))
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-12-24T17:00:00Z")) == (try F.utc("2026-12-28T13:00:00Z")))
        // New Year's Day on a Thursday: Wednesday 19:00 → Friday 08:00.
        let newYear = try F.workWeek("America/New_York", ["08:00-18:00"], exceptions: ["2026-01-01": nil])
        #expect(newYear.closedPeriodEnd(at: try F.utc("2026-01-01T00:00:00Z")) == (try F.utc("2026-01-02T13:00:00Z")))
    }

    @Test("A3 an exception keeps the previous day's interval that runs past midnight")
    func exceptionKeepsPreviousTail() throws {
        let hours = try F.hours("America/New_York", weekly: [.thursday: ["22:00-02:00"], .friday: ["22:00-02:00"]],
                                exceptions: ["2026-12-25": nil])
        #expect(hours.isOpen(at: try F.utc("2026-12-25T04:00:00Z")))  // Thu 23:00
        #expect(hours.isOpen(at: try F.utc("2026-12-25T06:00:00Z")))  // Fri 01:00: Thursday's tail
        #expect(!hours.isOpen(at: try F.utc("2026-12-25T07:00:00Z")))  // Fri 02:00
        #expect(!hours.isOpen(at: try F.utc("2026-12-26T03:00:00Z")))  // Fri 22:00: Friday's interval removed
        #expect(!hours.isOpen(at: try F.utc("2026-12-26T06:00:00Z")))  // Sat 01:00
    }

    @Test("A3 special hours that cross midnight run into the next day even when it is closed")
    func specialCrossesIntoClosedDay() throws {
        let hours = try F.hours("America/New_York", exceptions: ["2026-12-31": ["20:00-01:00"], "2027-01-01": nil])
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-12-31T12:00:00Z")) == (try F.utc("2027-01-01T01:00:00Z")))
        #expect(hours.isOpen(at: try F.utc("2027-01-01T05:30:00Z")))  // Jan 1 00:30
        #expect(!hours.isOpen(at: try F.utc("2027-01-01T06:00:00Z")))  // Jan 1 01:00
    }
}
