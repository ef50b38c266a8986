import Foundation
import PropertyBased
import Testing
@testable import TextingCore

@Suite("A3 conversation hours: times, dates, weekdays and intervals")
struct HoursValueTests {
    @Test("A3 a time of day parses from HH:MM and H:MM and prints as HH:MM", arguments: [
        ("08:30", 8, 30, "08:30"), ("8:05", 8, 5, "08:05"), ("00:00", 0, 0, "00:00"),
        ("23:59", 23, 59, "23:59"), ("24:00", 24, 0, "24:00"), (" 17:00 ", 17, 0, "17:00"),
    ])
    func timeParses(text: String, hour: Int, minute: Int, printed: String) throws {
        let time = try LocalTime(parsing: text)
        #expect(time.hour == hour && time.minute == minute)
        #expect(time.description == printed)
        #expect(time == (try LocalTime(hour: hour, minute: minute)))
    }

    @Test("A3 a bad time of day is refused with hours.invalid_time and says how to write it", arguments: [
        "25:00", "24:30", "12:60", "8", "08:5", "08-30", "ab:cd", "", "-1:00", "123:00", "08:30:00", "１２:00",
    ])
    func timeRefused(text: String) {
        #expect {
            try LocalTime(parsing: text)
        } throws: { error in
            let error = error as? TextingError
            return error?.code.rawValue == "hours.invalid_time" && error?.message.contains("HH:MM") == true
        }
    }

    @Test("A3 LocalTime(hour:minute:) accepts 00:00...23:59 and 24:00 only")
    func timeRange() throws {
        #expect((try? LocalTime(hour: 24, minute: 0)) == .endOfDay)
        for (hour, minute) in [(24, 1), (-1, 0), (0, 60), (25, 0), (0, -1)] {
            #expect(throws: TextingError.self) { try LocalTime(hour: hour, minute: minute) }
        }
        #expect(LocalTime.midnight < .endOfDay)
        #expect(try LocalTime(hour: 9, minute: 59) < LocalTime(hour: 10, minute: 0))
    }

    @Test("A3 dates parse from YYYY-MM-DD and refuse days that do not exist", arguments: [
        ("2026-12-25", true), ("2024-02-29", true), ("2000-02-29", true), ("1900-02-29", false),
        ("2026-02-29", false), ("2026-04-31", false), ("2026-13-01", false), ("2026-00-10", false),
        ("2026-1-05", false), ("26-01-05", false), ("2026/01/05", false), ("0000-01-01", false), ("", false),
    ])
    func dates(text: String, valid: Bool) {
        if valid {
            #expect((try? LocalDate(parsing: text))?.description == text)
        } else {
            #expect {
                try LocalDate(parsing: text)
            } throws: { error in
                let error = error as? TextingError
                return error?.code.rawValue == "hours.invalid_date" && error?.message.contains("YYYY-MM-DD") == true
            }
        }
    }

    @Test("A3 LocalDate orders chronologically, adds days across months and years and knows its weekday")
    func dateArithmetic() throws {
        let christmas = try LocalDate(year: 2026, month: 12, day: 25)
        #expect(christmas.weekday == .friday)
        #expect(christmas.adding(days: 7) == (try LocalDate(year: 2027, month: 1, day: 1)))
        #expect(try LocalDate(year: 2024, month: 3, day: 1).adding(days: -1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(try LocalDate(year: 2026, month: 1, day: 31) < LocalDate(year: 2026, month: 2, day: 1))
        #expect(try LocalDate(year: 1970, month: 1, day: 1).weekday == .thursday)
        #expect(try LocalDate(year: 1969, month: 12, day: 31).weekday == .wednesday)
    }

    @Test("A3 LocalDate's day arithmetic and weekday agree with Foundation's Gregorian calendar (1900 on)")
    func dateMatchesCalendar() async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try HoursFixtures.zone("UTC")
        let calendarForCheck = calendar
        await propertyCheck(count: 300, input: Gen.int(in: -25_567...2_900_000)) { dayNumber in
            let date = LocalDate(dayNumber: dayNumber)
            let instant = Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400)
            let parts = calendarForCheck.dateComponents([.year, .month, .day, .weekday], from: instant)
            #expect(parts.year == date.year && parts.month == date.month && parts.day == date.day)
            #expect(parts.weekday == date.weekday.rawValue)
            #expect(date.dayNumber == dayNumber)
            #expect((try? LocalDate(parsing: date.description)) == date)
        }
    }

    @Test("A3 weekdays parse from names and abbreviations in any case and code as lowercase names")
    func weekdays() throws {
        #expect(try Weekday(parsing: "Monday") == .monday)
        #expect(try Weekday(parsing: "sat") == .saturday)
        #expect(try Weekday(parsing: "SUNDAY") == .sunday)
        #expect(Weekday.friday.rawValue == 6)
        #expect(throws: TextingError(.init("hours.invalid_weekday"),
                                     "“funday” is not a day of the week. Write the English name, e.g. monday or saturday.")) {
            try Weekday(parsing: "funday")
        }
        let json = try JSONEncoder().encode([Weekday.monday, .sunday])
        #expect(String(decoding: json, as: UTF8.self) == #"["monday","sunday"]"#)
        #expect(try JSONDecoder().decode([Weekday].self, from: Data(#"["Tuesday","wed"]"#.utf8)) == [.tuesday, .wednesday])
    }

    @Test("A3 an interval parses from HH:MM-HH:MM, knows when it crosses midnight and its wall-clock length")
    func intervals() throws {
        let evening = try OpenInterval(parsing: "22:00-02:00")
        #expect(evening.crossesMidnight)
        #expect(evening.wallClockMinutes == 240)
        #expect(evening.description == "22:00-02:00")
        let day = try OpenInterval(parsing: " 08:00 – 18:00 ")
        #expect(!day.crossesMidnight)
        #expect(day.wallClockMinutes == 600)
        #expect(try OpenInterval(parsing: "00:00-24:00") == .allDay)
        #expect(OpenInterval.allDay.wallClockMinutes == 1_440)
        #expect(try OpenInterval(parsing: "18:00-00:00").crossesMidnight)
    }

    @Test("A3 an empty or malformed interval is refused with a code and what to write instead", arguments: [
        ("22:00-22:00", "hours.invalid_interval", "00:00-24:00"),
        ("24:00-02:00", "hours.invalid_interval", "00:00"),
        ("08:00", "hours.invalid_interval", "HH:MM-HH:MM"),
        ("08:00-12:00-14:00", "hours.invalid_interval", "HH:MM-HH:MM"),
        ("08:00-25:00", "hours.invalid_time", "HH:MM"),
        ("8am-5pm", "hours.invalid_time", "HH:MM"),
    ])
    func intervalRefused(text: String, code: String, advice: String) {
        #expect {
            try OpenInterval(parsing: text)
        } throws: { error in
            let error = error as? TextingError
            return error?.code.rawValue == code && error?.message.contains(advice) == true
        }
    }

    @Test("A3 HoursException.special([]) is the same as closed")
    func emptySpecialIsClosed() throws {
        #expect(HoursException.special([]) == .closed)
        #expect(Set([HoursException.special([]), .closed]).count == 1)
        #expect(HoursException.special(try HoursFixtures.intervals(["10:00-14:00"])) != .closed)
        #expect(HoursException.special([]).description == "closed")
    }

    @Test("A3 time zones must be IANA region names; abbreviations and fixed offsets are refused", arguments: [
        ("America/New_York", true), ("America/St_Johns", true), ("America/Vancouver", true), ("UTC", true),
        ("Mars/Olympus", false), ("EST", false), ("PST", false), ("GMT-5", false), ("", false),
        ("america/new_york", false),
    ])
    func timeZones(identifier: String, valid: Bool) {
        if valid {
            #expect((try? ConversationHours.timeZone(identifier: identifier)) != nil)
        } else {
            #expect {
                try ConversationHours.timeZone(identifier: identifier)
            } throws: { error in
                let error = error as? TextingError
                return error?.code.rawValue == "hours.unknown_time_zone"
                    && error?.message.contains("America/New_York") == true
            }
        }
    }
}
