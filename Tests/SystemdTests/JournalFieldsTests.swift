import Logging
import Testing
import Systemd

@Suite struct JournalFieldsTests {
    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5),
        (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorityFollowsSyslogNumbers(level: Logger.Level, expected: Int) {
        #expect(JournalFields.priority(for: level) == expected)
        let fields = encode(level: level)
        #expect(fields.contains("PRIORITY=\(expected)"))
    }

    @Test(arguments: [
        ("event", "TWOWAY_EVENT"),
        ("message_sid", "TWOWAY_MESSAGE_SID"),
        ("practice", "TWOWAY_PRACTICE"),
        ("conversation", "TWOWAY_CONVERSATION"),
        ("log-level", "TWOWAY_LOG_LEVEL"),
        ("error.type", "TWOWAY_ERROR_TYPE"),
        ("MixedCase9", "TWOWAY_MIXEDCASE9"),
        ("é ü", "TWOWAY____"),
        ("", "TWOWAY_"),
    ])
    func metadataKeysMapToFieldNames(key: String, field: String) {
        #expect(JournalFields.fieldName(forMetadataKey: key) == field)
    }

    @Test func fieldNamesAreValidJournalNames() {
        for key in ["event", "a.b-c d", "ÄÖ", String(repeating: "k", count: 200), "9lives"] {
            let name = JournalFields.fieldName(forMetadataKey: key)
            #expect(name.count <= 64)
            #expect(name.first == "T")
            #expect(name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        }
    }

    @Test func fixedFieldsComeFirstWithCodeLocation() {
        let fields = encode(level: .notice, metadata: [:])
        #expect(fields == [
            "MESSAGE=hello",
            "PRIORITY=5",
            "SYSLOG_IDENTIFIER=twowayd",
            "CODE_FILE=Daemon/Inbound.swift",
            "CODE_LINE=42",
            "CODE_FUNC=receive(_:)",
            "TWOWAY_LOGGER=twowayd.inbound",
        ])
    }

    @Test func metadataBecomesPrefixedFieldsSortedByKey() {
        let fields = encode(level: .info, metadata: ["practice": "p1", "event": "inbound", "message_sid": "SM1"])
        #expect(Array(fields.suffix(3)) == ["TWOWAY_EVENT=inbound", "TWOWAY_MESSAGE_SID=SM1", "TWOWAY_PRACTICE=p1"])
    }

    @Test func perCallMetadataWinsOverProviderOverHandler() {
        let merged = JournalFields.merge(
            handler: ["event": "handler", "practice": "handler", "conversation": "handler"],
            provided: ["practice": "provider", "conversation": "provider"],
            call: ["conversation": "call"]
        )
        #expect(merged["event"]?.description == "handler")
        #expect(merged["practice"]?.description == "provider")
        #expect(merged["conversation"]?.description == "call")
        #expect(JournalFields.merge(handler: ["a": "1"], call: nil)["a"]?.description == "1")
    }

    @Test func nonStringValuesUseTheirDescriptionAndMultiLineIsKept() {
        let fields = encode(level: .info, metadata: [
            "list": ["a", "b"],
            "map": ["k": "v"],
            "number": .stringConvertible(17),
            "text": "line 1\nline 2",
        ])
        #expect(fields.contains("TWOWAY_LIST=[\"a\", \"b\"]"))
        #expect(fields.contains("TWOWAY_MAP=[\"k\": \"v\"]"))
        #expect(fields.contains("TWOWAY_NUMBER=17"))
        #expect(fields.contains("TWOWAY_TEXT=line 1\nline 2"))
    }

    @Test func errorAddsMessageAndTypeFields() {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let fields = JournalFields.encode(
            level: .error, message: "failed", metadata: [:], error: Boom(),
            label: "l", syslogIdentifier: "s", file: "f", function: "g", line: 1
        )
        #expect(fields.contains("TWOWAY_ERROR_MESSAGE=boom"))
        #expect(fields.contains { $0.hasPrefix("TWOWAY_ERROR_TYPE=") && $0.hasSuffix("Boom") })
    }

    @Test func handlerCarriesMetadataAsAValue() {
        var handler = JournalLogHandler(label: "twowayd", syslogIdentifier: "twowayd", metadataProvider: nil)
        handler[metadataKey: "practice"] = "p1"
        var copy = handler
        copy[metadataKey: "practice"] = "p2"
        copy.logLevel = .debug
        #expect(handler[metadataKey: "practice"]?.description == "p1")
        #expect(copy[metadataKey: "practice"]?.description == "p2")
        #expect(handler.logLevel == .info)
    }

    private func encode(level: Logger.Level, metadata: Logger.Metadata = [:]) -> [String] {
        JournalFields.encode(
            level: level, message: "hello", metadata: metadata,
            label: "twowayd.inbound", syslogIdentifier: "twowayd",
            file: "Daemon/Inbound.swift", function: "receive(_:)", line: 42
        )
    }
}
