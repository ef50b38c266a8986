import Logging
import Testing
import TextingCore
@testable import Daemon

@Suite struct LoggingTests {
    @Test func sharedLevelDropsEntriesBelowItAndChangesAtRuntime() {
        let capture = LogCapture()
        let shared = SharedLogLevel(.info)
        let logger = Logger(label: "test") { _ in
            ReloadableLogLevel(wrapping: CaptureHandler(capture: capture), level: shared)
        }
        logger.debug("hidden", metadata: ["event": "x"])
        logger.info("shown", metadata: ["event": "x"])
        #expect(capture.entries.map(\.message) == ["shown"])

        shared.set(.debug)
        #expect(logger.logLevel == .debug)
        logger.debug("now shown", metadata: ["event": "x"])
        shared.set(.error)
        logger.warning("hidden again", metadata: ["event": "x"])
        #expect(capture.entries.map(\.message) == ["shown", "now shown"])
    }

    @Test func aLoggersOwnLevelOverridesTheSharedOne() {
        let capture = LogCapture()
        let shared = SharedLogLevel(.error)
        var logger = Logger(label: "test") { _ in
            ReloadableLogLevel(wrapping: CaptureHandler(capture: capture), level: shared)
        }
        logger.logLevel = .trace
        logger.trace("kept")
        #expect(capture.entries.count == 1)
    }

    @Test func everyEntryCarriesAnEvent() {
        let shared = SharedLogLevel(.info)
        let handler = DaemonLogging.makeHandler(label: "test", level: shared, useJournal: false)
        #expect(handler[metadataKey: "event"] == "other")
        #expect(handler.logLevel == .info)
    }

    @Test func phoneNumbersAreMaskedUnlessConfigured() throws {
        let masked = PhoneLogFormat(showsFullNumbers: false)
        let full = PhoneLogFormat(showsFullNumbers: true)
        let phone = try PhoneNumber(parsing: "(312) 555-0142")
        #expect(masked.value(phone) == "+1******0142")
        #expect(full.value(phone) == "+13125550142")
        #expect(masked.value(raw: "+18765550142") == "+1******0142")
    }
}
