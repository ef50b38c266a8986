import Foundation
import Testing
import TextingCore
@testable import Daemon

/// The `reminders` section: quiet hours and the closed-day hold, per practice (Q1).
@Suite struct ReminderConfigurationTests {
    @Test("Q1: the defaults are 21:00-08:00 on the client's clock, no closed-day hold, for every practice")
    func defaults() throws {
        let configuration = try ConfigurationTests.load(nil).configuration.reminders
        #expect(configuration.rule(for: PracticeID(1)) == ReminderWindow())
        #expect(configuration.standard.quietHours == .standard)
        #expect(configuration.pollSeconds == 15)
    }

    @Test("Q1: quiet hours and the closed-day hold are set for all, and overridden per practice")
    func overrides() throws {
        let configuration = try ConfigurationTests.load("""
            {"reminders": {"quietHours": {"start": "20:30"}, "holdOnClosedDays": true,
                           "practices": {"2": {"quietHours": {"end": "09:00"}, "holdOnClosedDays": false}}}}
            """).configuration.reminders
        let standard = configuration.rule(for: PracticeID(1))
        #expect(standard.quietHours.start == (try LocalTime(parsing: "20:30")))
        #expect(standard.quietHours.end == (try LocalTime(parsing: "08:00")))
        #expect(standard.holdOnClosedDays)
        let two = configuration.rule(for: PracticeID(2))
        #expect(two.quietHours.start == (try LocalTime(parsing: "20:30")))  // from the section
        #expect(two.quietHours.end == (try LocalTime(parsing: "09:00")))
        #expect(!two.holdOnClosedDays)
    }

    @Test("Q1: bad values name the key")
    func errors() {
        #expect(ConfigurationTests.error(#"{"reminders": {"quietHours": {"start": "25:00"}}}"#)?.keyPath == "reminders.quietHours")
        #expect(ConfigurationTests.error(#"{"reminders": {"quietHours": {"start": "08:00"}}}"#)?.keyPath == "reminders.quietHours")
        #expect(ConfigurationTests.error(#"{"reminders": {"practices": {"x": {}}}}"#)?.keyPath == "reminders.practices.x")
        #expect(ConfigurationTests.error(#"{"reminders": {"practices": {"3": {"pollSeconds": 5}}}}"#)?.keyPath
            == "reminders.practices.3.pollSeconds")
        #expect(ConfigurationTests.error(#"{"reminders": {"quiet": {}}}"#)?.keyPath == "reminders.quiet")
    }
}
