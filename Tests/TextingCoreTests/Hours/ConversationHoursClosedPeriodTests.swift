import Foundation
import Testing
@testable import TextingCore

@Suite("A1 A2 A3 conversation hours: closed periods and the next opening")
struct ConversationHoursClosedPeriodTests {
    typealias F = HoursFixtures

    @Test("A1 A3 closedPeriodEnd on a Friday evening is Monday's opening")
    func fridayEvening() throws {
        let hours = try F.workWeek("America/New_York", ["08:00-18:00"])
        // Fri 2026-01-16 18:30 EST → Mon 2026-01-19 08:00 EST.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-01-16T23:30:00Z")) == (try F.utc("2026-01-19T13:00:00Z")))
        // Fri 2026-03-06 19:00 EST → Mon 2026-03-09 08:00 EDT: the weekend contains the spring-forward.
        #expect(hours.closedPeriodEnd(at: try F.utc("2026-03-07T00:00:00Z")) == (try F.utc("2026-03-09T12:00:00Z")))
    }

    @Test("A1 A3 closedPeriodEnd is nil while open")
    func nilWhenOpen() throws {
        let hours = try F.workWeek("America/New_York", ["08:00-18:00"])
        let openInstant = try F.utc("2026-01-12T15:00:00Z")  // Mon 10:00
        #expect(hours.closedPeriodEnd(at: openInstant) == nil)
        #expect(hours.nextOpening(after: openInstant) == (try F.utc("2026-01-13T13:00:00Z")))
    }

    @Test("A1 A3 the end of the closed period is exact at the edges of an interval")
    func edges() throws {
        let hours = try F.workWeek("America/New_York", ["08:00-18:00"])
        let closing = try F.utc("2026-01-12T23:00:00Z")  // Mon 18:00
        let opening = try F.utc("2026-01-13T13:00:00Z")  // Tue 08:00
        #expect(hours.closedPeriodEnd(at: closing) == opening)
        #expect(hours.closedPeriodEnd(at: closing.addingTimeInterval(-0.001)) == nil)
        #expect(hours.closedPeriodEnd(at: opening.addingTimeInterval(-0.001)) == opening)
        #expect(hours.closedPeriodEnd(at: opening) == nil)
        #expect(hours.isOpen(at: opening))
    }

    @Test("A1 every instant of one closed period has the same closedPeriodEnd; the next one differs")
    func sameClosedPeriod() throws {
        let hours = try F.workWeek("America/New_York", ["08:00-18:00"])
        let friday = hours.closedPeriodEnd(at: try F.utc("2026-01-16T23:30:00Z"))
        let sunday = hours.closedPeriodEnd(at: try F.utc("2026-01-18T15:00:00Z"))
        let mondayNight = hours.closedPeriodEnd(at: try F.utc("2026-01-19T23:30:00Z"))
        #expect(friday != nil && friday == sunday)
        #expect(mondayNight != nil && mondayNight != friday)
    }

    @Test("A2 an override made while closed lasts until nextOpening, which is the closed period's end")
    func overrideLastsUntilOpening() throws {
        let hours = try F.workWeek("America/New_York", ["08:00-18:00"])
        let staffMessage = try F.utc("2026-01-17T15:00:00Z")  // Saturday
        #expect(hours.nextOpening(after: staffMessage) == (try F.utc("2026-01-19T13:00:00Z")))
        #expect(hours.nextOpening(after: staffMessage) == hours.closedPeriodEnd(at: staffMessage))
    }
}
