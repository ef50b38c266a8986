import Foundation
import Testing
@testable import TextingCore

/// Q1 for a practice in New York: the cases, daylight saving time and closed days.
@Suite("Quiet hours (Q1)")
struct QuietHoursTests {
    let newYork = TimeZone(identifier: "America/New_York")!  // a fixed IANA name
    let losAngeles = TimeZone(identifier: "America/Los_Angeles")!  // a fixed IANA name
    let rule = QuietHours.standard

    /// `text` (ISO 8601 with an offset) as an instant.
    func at(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text), "\(text)")
    }

    func sendTime(_ requested: String, client phone: String, closed: Set<LocalDate> = []) throws -> Date {
        let client = try PhoneNumber(parsing: phone)
        return rule.sendTime(requestedAt: try at(requested), clientZone: client.timeZone(orPractice: newYork),
                             practiceZone: newYork, closedDates: closed)
    }

    @Test("Q1: 06:30 in New York (03:30 in Los Angeles) for a Los Angeles client is held until 08:00 Los Angeles time")
    func losAngelesMorning() throws {
        #expect(try sendTime("2026-06-10T06:30:00-04:00", client: "+1 213 555 0142") == at("2026-06-10T08:00:00-07:00"))
    }

    @Test("Q1: 22:30 in New York (19:30 in Los Angeles) for a Los Angeles client goes at once")
    func losAngelesEvening() throws {
        #expect(try sendTime("2026-06-10T22:30:00-04:00", client: "+1 213 555 0142") == at("2026-06-10T22:30:00-04:00"))
    }

    @Test("Q1: 22:30 for a New York client waits for 08:00 New York time the next day")
    func newYorkEvening() throws {
        #expect(try sendTime("2026-06-10T22:30:00-04:00", client: "+1 212 555 0142") == at("2026-06-11T08:00:00-04:00"))
    }

    @Test("Q1: across the March change (clocks skip 02:00 to 03:00 on 8 March 2026) it is still 08:00 EDT")
    func marchChange() throws {
        let sent = try sendTime("2026-03-07T22:30:00-05:00", client: "+1 212 555 0142")
        #expect(sent == (try at("2026-03-08T08:00:00-04:00")))
        #expect(sent.timeIntervalSince(try at("2026-03-07T22:30:00-05:00")) == 8.5 * 3600)
    }

    @Test("Q1: across the November change (02:00 back to 01:00 on 1 November 2026) it is still 08:00 EST")
    func novemberChange() throws {
        let sent = try sendTime("2026-10-31T22:30:00-04:00", client: "+1 212 555 0142")
        #expect(sent == (try at("2026-11-01T08:00:00-05:00")))
        #expect(sent.timeIntervalSince(try at("2026-10-31T22:30:00-04:00")) == 10.5 * 3600)
    }

    @Test("Q1: a Los Angeles client on the night of the March change waits for 08:00 PDT")
    func losAngelesMarch() throws {
        #expect(try sendTime("2026-03-08T04:00:00-05:00", client: "+1 213 555 0142") == at("2026-03-08T08:00:00-07:00"))
    }

    @Test("Q1: an area code spanning several zones (208 Idaho) uses the practice's zone")
    func ambiguous() throws {
        #expect(try sendTime("2026-06-10T22:30:00-04:00", client: "+1 208 555 0142") == at("2026-06-11T08:00:00-04:00"))
        #expect(try sendTime("2026-06-10T20:59:00-04:00", client: "+1 208 555 0142") == at("2026-06-10T20:59:00-04:00"))
    }

    @Test("Q1: the boundaries: 20:59 goes, 21:00 waits, 08:00 goes, 07:59 waits")
    func boundaries() throws {
        let ny = "+1 212 555 0142"
        #expect(try sendTime("2026-06-10T20:59:00-04:00", client: ny) == at("2026-06-10T20:59:00-04:00"))
        #expect(try sendTime("2026-06-10T21:00:00-04:00", client: ny) == at("2026-06-11T08:00:00-04:00"))
        #expect(try sendTime("2026-06-10T08:00:00-04:00", client: ny) == at("2026-06-10T08:00:00-04:00"))
        #expect(try sendTime("2026-06-10T07:59:00-04:00", client: ny) == at("2026-06-10T08:00:00-04:00"))
    }

    @Test("Q1: on closed days the reminder waits for the next open day's 08:00 (Christmas, then Boxing Day closed too)")
    func closedDays() throws {
        let christmas = try LocalDate(year: 2026, month: 12, day: 25)
        let boxing = try LocalDate(year: 2026, month: 12, day: 26)
        #expect(try sendTime("2026-12-25T10:00:00-05:00", client: "+1 212 555 0142", closed: [christmas])
            == at("2026-12-26T08:00:00-05:00"))
        #expect(try sendTime("2026-12-24T22:00:00-05:00", client: "+1 212 555 0142", closed: [christmas, boxing])
            == at("2026-12-27T08:00:00-05:00"))
        // Without closed days configured it goes on Christmas morning.
        #expect(try sendTime("2026-12-25T10:00:00-05:00", client: "+1 212 555 0142") == at("2026-12-25T10:00:00-05:00"))
    }

    @Test("Q1: other quiet hours, including ones within one day")
    func configured() throws {
        let evening = try QuietHours(start: LocalTime(parsing: "20:00"), end: LocalTime(parsing: "09:30"))
        let at2030 = try at("2026-06-10T20:30:00-04:00")
        #expect(evening.sendTime(requestedAt: at2030, clientZone: newYork, practiceZone: newYork)
            == (try at("2026-06-11T09:30:00-04:00")))
        let lunch = try QuietHours(start: LocalTime(parsing: "12:00"), end: LocalTime(parsing: "13:00"))
        #expect(lunch.sendTime(requestedAt: try at("2026-06-10T12:10:00-04:00"), clientZone: newYork, practiceZone: newYork)
            == (try at("2026-06-10T13:00:00-04:00")))
        #expect(throws: TextingError.self) { try QuietHours(start: LocalTime(parsing: "08:00"), end: LocalTime(parsing: "08:00")) }
    }

    @Test("Q1: closed dates are the practice's all-day closed exceptions, not its special hours")
    func closedDatesFromHours() throws {
        let hours = try ConversationHours(timeZone: newYork, exceptions: [
            LocalDate(year: 2026, month: 12, day: 25): .closed,
            LocalDate(year: 2026, month: 12, day: 24): .special([OpenInterval(parsing: "08:00-12:00")]),
        ])
        #expect(QuietHours.closedDates(of: hours) == [try LocalDate(year: 2026, month: 12, day: 25)])
        #expect(QuietHours.closedDates(of: nil).isEmpty)
    }
}

@Suite("Area code time zones (Q1)")
struct NANPAreaCodeTimeZoneTests {
    @Test("Q1: every US and Canadian area code and every toll-free code has a line in the zone table, once")
    func coversEveryCode() {
        let missing = NANPAreaCodes.acceptedAreaCodes.filter { !NANPAreaCodes.zoneTableLists($0) }
        #expect(missing.isEmpty, "area codes without a time zone line: \(missing)")
        #expect(NANPAreaCodes.duplicateZoneCodes.isEmpty)
        let extra = NANPAreaCodes.zoneTable.keys.filter { NANPAreaCodes.entry(for: $0)?.isAccepted != true }
        #expect(extra.isEmpty, "zone lines for codes that are not US or Canadian: \(extra)")
    }

    @Test("Q1: every zone name is a time zone Foundation knows")
    func namesAreKnown() {
        for (code, zone) in NANPAreaCodes.zoneTable {
            if let zone { #expect(TimeZone(identifier: zone) != nil, "\(code): \(zone)") }
        }
    }

    @Test("Q1: area codes spanning several zones, and toll-free codes, have none (the practice's is used)",
          arguments: [208, 541, 915, 850, 270, 931, 308, 605, 701, 785, 620, 907, 928, 250, 778, 867, 709, 306, 800, 888])
    func several(code: Int) {
        #expect(NANPAreaCodes.timeZone(for: code) == nil)
    }

    @Test("Q1: single-zone examples", arguments: [
        (212, "America/New_York"), (213, "America/Los_Angeles"), (312, "America/Chicago"), (303, "America/Denver"),
        (602, "America/Phoenix"), (808, "Pacific/Honolulu"), (787, "America/Puerto_Rico"), (416, "America/Toronto"),
        (604, "America/Vancouver"), (403, "America/Edmonton"), (902, "America/Halifax"), (204, "America/Winnipeg"),
    ])
    func single(code: Int, zone: String) {
        #expect(NANPAreaCodes.timeZone(for: code)?.identifier == zone)
    }
}
