import Carrier
import Testing
import TextingCore

@Suite("CarrierStatusCallback.parse (C3)")
struct CarrierStatusCallbackTests {
    private func form(_ status: String, errorCode: String? = nil) -> [(String, String)] {
        var fields = [
            ("AccountSid", "AC123"), ("MessageSid", "SM123"), ("SmsSid", "SM123"), ("From", "+18335550100"),
            ("To", "+13125550142"), ("MessageStatus", status), ("SmsStatus", status), ("ApiVersion", "2010-04-01"),
        ]
        if let errorCode { fields.append(("ErrorCode", errorCode)) }
        return fields
    }

    @Test("each outbound status word maps to a delivery state", arguments: [
        ("queued", DeliveryState.queued), ("accepted", .queued), ("scheduled", .queued),
        ("sending", .sending), ("sent", .sent), ("partially_delivered", .sent),
        ("delivered", .delivered), ("read", .delivered),
        ("undelivered", .undelivered), ("failed", .failed), ("canceled", .failed),
        ("DELIVERED", .delivered),
    ])
    func statusWords(word: String, state: DeliveryState) {
        #expect(CarrierStatusCallback.parse(form: form(word)) == CarrierStatusCallback(messageSID: "SM123", state: state))
    }

    @Test("the error code is read when it is a number", arguments: [
        ("30003", Int?.some(30003)), ("30007", 30007), ("21610", 21610), ("", nil), ("abc", nil),
    ])
    func errorCodes(text: String, code: Int?) {
        let callback = CarrierStatusCallback.parse(form: form("undelivered", errorCode: text))
        #expect(callback == CarrierStatusCallback(messageSID: "SM123", state: .undelivered, errorCode: code))
    }

    @Test("inbound statuses, unknown words and incomplete forms are ignored", arguments: [
        [("MessageSid", "SM1"), ("MessageStatus", "receiving")],
        [("MessageSid", "SM1"), ("MessageStatus", "received")],
        [("MessageSid", "SM1"), ("MessageStatus", "teleported")],
        [("MessageStatus", "delivered")],
        [("MessageSid", ""), ("MessageStatus", "delivered")],
        [("MessageSid", "SM1")],
        [],
    ])
    func ignored(fields: [(String, String)]) {
        #expect(CarrierStatusCallback.parse(form: fields) == nil)
    }

    @Test("the legacy SmsSid and SmsStatus names are understood")
    func legacyNames() {
        let callback = CarrierStatusCallback.parse(form: [("SmsSid", "SM9"), ("SmsStatus", "sent")])
        #expect(callback == CarrierStatusCallback(messageSID: "SM9", state: .sent))
    }

    @Test("our message id comes from the callback URL's query")
    func messageID() {
        #expect(CarrierStatusCallback.messageID(query: [("message", "42")]) == MessageID(42))
        #expect(CarrierStatusCallback.messageID(query: [("x", "1"), ("message", "7")]) == MessageID(7))
        #expect(CarrierStatusCallback.messageID(query: [("message", "abc")]) == nil)
        #expect(CarrierStatusCallback.messageID(query: []) == nil)
    }
}
