import Foundation
import Testing
@testable import TextingCore

@Suite("A3 conversation hours: JSON")
struct ConversationHoursCodableTests {
    typealias F = HoursFixtures

    @Test("A3 a whole ConversationHours survives a JSON round trip")
    func roundTrip() throws {
        let hours = try F.hours(
            "America/St_Johns",
            weekly: [.monday: ["08:00-12:00", "13:00-18:00"], .friday: ["22:00-02:00"], .saturday: [],
                     .sunday: ["00:00-24:00"]],
            exceptions: ["2026-12-25": nil, "2026-12-24": ["08:00-12:00"], "2026-12-31": ["20:00-01:00"]])
        let data = try JSONEncoder().encode(hours)
        let decoded = try JSONDecoder().decode(ConversationHours.self, from: data)
        #expect(decoded == hours)
        #expect(decoded.timeZone.identifier == "America/St_Johns")

        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["timeZone"] as? String == "America/St_Johns")
        let weekly = try #require(object["weekly"] as? [String: [String]])
        #expect(weekly["friday"] == ["22:00-02:00"])
        let exceptions = try #require(object["exceptions"] as? [String: Any])
        #expect(exceptions["2026-12-25"] as? String == "closed")
        #expect(exceptions["2026-12-24"] as? [String] == ["08:00-12:00"])
    }

    @Test("A3 hours decode from the documented JSON shape; weekly and exceptions may be left out")
    func decodesDocumentedShape() throws {
        let json = #"""
        {"timeZone": "America/Halifax",
         "weekly": {"Monday": ["08:00-18:00"], "tue": ["8:00-12:00", "22:00-02:00"]},
         "exceptions": {"2026-12-25": "closed", "2026-12-24": ["08:00-12:00"], "2026-12-26": []}}
        """#
        let hours = try JSONDecoder().decode(ConversationHours.self, from: Data(json.utf8))
        #expect(hours == (try F.hours(
            "America/Halifax", weekly: [.monday: ["08:00-18:00"], .tuesday: ["08:00-12:00", "22:00-02:00"]],
            exceptions: ["2026-12-25": nil, "2026-12-24": ["08:00-12:00"], "2026-12-26": nil])))

        let bare = try JSONDecoder().decode(ConversationHours.self, from: Data(#"{"timeZone":"America/Regina"}"#.utf8))
        #expect(bare == ConversationHours(timeZone: try F.zone("America/Regina")))
    }

    @Test("A3 decoding refuses bad values with the hours error code and the place in the document", arguments: [
        (#"{"timeZone":"America/New_York","weekly":{"monday":["08:00-25:00"]}}"#, "hours.invalid_time", "weekly/monday"),
        (#"{"timeZone":"America/New_York","weekly":{"monday":["22:00-22:00"]}}"#, "hours.invalid_interval", "weekly/monday"),
        (#"{"timeZone":"Mars/Olympus"}"#, "hours.unknown_time_zone", "timeZone"),
        (#"{"timeZone":"EST"}"#, "hours.unknown_time_zone", "timeZone"),
        (#"{"timeZone":"America/New_York","weekly":{"funday":[]}}"#, "hours.invalid_weekday", "weekly/funday"),
        (#"{"timeZone":"America/New_York","exceptions":{"2026-02-30":"closed"}}"#, "hours.invalid_date", "exceptions/2026-02-30"),
        (#"{"timeZone":"America/New_York","exceptions":{"2026-12-25":"open"}}"#, "hours.invalid_exception", "exceptions/2026-12-25"),
        (#"{"timeZone":"America/New_York","exceptions":{"2026-12-25":["10:00-10:00"]}}"#, "hours.invalid_interval", "exceptions/2026-12-25"),
    ])
    func decodingErrors(json: String, code: String, path: String) {
        #expect {
            try JSONDecoder().decode(ConversationHours.self, from: Data(json.utf8))
        } throws: { error in
            guard case .dataCorrupted(let context) = error as? DecodingError else { return false }
            let place = context.codingPath.map(\.stringValue).joined(separator: "/")
            return F.code(of: error) == code && place.hasPrefix(path) && !context.debugDescription.isEmpty
        }
    }

    @Test("A3 single values decode and encode as strings: \"25:00\" is refused as a time")
    func singleValues() throws {
        #expect(try JSONDecoder().decode(LocalTime.self, from: Data(#""24:00""#.utf8)) == .endOfDay)
        #expect {
            try JSONDecoder().decode(LocalTime.self, from: Data(#""25:00""#.utf8))
        } throws: { F.code(of: $0) == "hours.invalid_time" }
        #expect {
            try JSONDecoder().decode(OpenInterval.self, from: Data(#""22:00-22:00""#.utf8))
        } throws: { F.code(of: $0) == "hours.invalid_interval" }
        let values = try JSONEncoder().encode([try LocalDate(parsing: "2026-03-08")])
        #expect(String(decoding: values, as: UTF8.self) == #"["2026-03-08"]"#)
        let exceptions = try JSONEncoder().encode([HoursException.closed, .special(try F.intervals(["10:00-14:00"]))])
        #expect(String(decoding: exceptions, as: UTF8.self) == #"["closed",["10:00-14:00"]]"#)
    }
}
