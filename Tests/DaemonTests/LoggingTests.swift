import Logging
import Synchronization
import Systemd
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

    /// Issue 11: a MessageSid with a line break forged a second log line in stderr mode.
    @Test func stderrLinesEscapeControlCharactersSoNoLineCanBeForged() {
        let stream = CapturedStream()
        let shared = SharedLogLevel(.info)
        let logger = Logger(label: "twowayd") { label in
            DaemonLogging.makeHandler(label: label, level: shared, useJournal: false, standardError: stream)
        }
        logger.info("inbound text\r\n2026-01-01T00:00:00+0000 info twowayd: event=forged [Daemon] fake", metadata: [
            "event": "inbound",
            "message_sid": "SM1\n2026-01-01T00:00:00+0000 critical twowayd: event=forged [Daemon] forged\u{0}end",
            "path": .array(["a\tb", "\u{1B}[31mred\u{7F}\u{85}\u{2028}"]),
            "slash": "C:\\n",
        ])
        let text = stream.text
        #expect(text.hasSuffix("\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
        #expect(!text.unicodeScalars.dropLast().contains { $0.properties.generalCategory == .control })
        #expect(!text.contains("\u{2028}"))
        #expect(text.contains(#"message_sid=SM1\n2026-01-01T00:00:00+0000 critical"#))
        #expect(text.contains(#"forged\u{0}end"#))
        #expect(text.contains(#"inbound text\r\n2026"#))
        #expect(text.contains(#"path=["a\\tb", "#))  // swift-log quotes list items its own way; escaped again
        #expect(text.contains(#"slash=C:\\n"#))  // a backslash is doubled, so "\n" text is not a line break
        #expect(text.contains(" info twowayd: ") && text.contains("event=inbound"))
    }

    @Test("every ASCII character: printable ones are kept as they are, the backslash doubled, controls escaped")
    func asciiEscaping() {
        for value in UInt8(0)...0x7F {
            let scalar = Unicode.Scalar(value)
            let escaped = ("x" + String(Character(scalar)) + "y").escapedForLogLine
            switch value {
            case 0x5C: #expect(escaped == #"x\\y"#)
            case 0x0A: #expect(escaped == #"x\ny"#)
            case 0x0D: #expect(escaped == #"x\ry"#)
            case 0x09: #expect(escaped == #"x\ty"#)
            case 0x20..<0x7F: #expect(escaped == "x" + String(Character(scalar)) + "y")
            default: #expect(escaped == "x\\u{\(String(value, radix: 16, uppercase: true))}y")
            }
        }
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

/// A text stream that keeps what is written, for the standard-error handler's tests.
final class CapturedStream: TextOutputStream, Sendable {
    private let storage = Mutex("")

    var text: String { storage.withLock { $0 } }

    func write(_ string: String) {
        storage.withLock { $0 += string }
    }
}
