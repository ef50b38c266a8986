import Carrier
import Foundation
import Logging
import Routing
import Testing
import TextingCore
import TextingStore

/// D5: the outbox sender's log lines show phone numbers masked to their last four digits, also
/// inside a carrier's error text, unless `logPhoneNumbers` allows full numbers.
@Suite("Outbox sender: phone numbers in its log lines (D5)")
struct OutboxSenderLogTests {
    /// A carrier that refuses every text the way Twilio refuses an invalid number: its message
    /// quotes the number in full.
    struct QuotingCarrier: CarrierClient {
        func send(_ request: OutboundRequest) async throws(CarrierError) -> CarrierReceipt {
            throw CarrierError(code: 21211, message: "The 'To' number \(request.to.e164) is not a valid phone number.",
                               retryable: false)
        }
    }

    static let refused = PhoneNumber(e164: "+13125552042")!  // a valid Chicago number
    static let delivered = PhoneNumber(e164: "+13125552043")!  // a valid Chicago number

    /// Sends one text that is refused and one that goes out, and returns the sender's log lines
    /// as text.
    static func outboxLog(fullNumbers: Bool) async throws -> (lines: [String], logs: LogCapture) {
        let harness = try await WebhookHarness.make()
        defer { harness.directory.remove() }
        let logs = LogCapture()
        _ = try await harness.router.sendReminder(practice: harness.practice.id, phone: refused, body: "Refused")
        await OutboxSender(store: harness.store, carrier: QuotingCarrier(), router: harness.router,
                           configuration: .init(segmentsPerSecond: 10_000), logger: logs.logger(),
                           logsFullPhoneNumbers: { fullNumbers }).drainOnce()
        _ = try await harness.router.sendReminder(practice: harness.practice.id, phone: delivered, body: "Delivered")
        await OutboxSender(store: harness.store, carrier: harness.carrier, router: harness.router,
                           configuration: .init(segmentsPerSecond: 10_000), logger: logs.logger(),
                           logsFullPhoneNumbers: { fullNumbers }).drainOnce()
        #expect(logs.events("outbound_error").count == 1)
        #expect(logs.events("outbound_sent").count == 1)
        return (logs.entries.map { "\($0.message) \($0.metadata)" }, logs)
    }

    @Test("D5: by default no outbox line holds a full number, not even in the carrier's error")
    func maskedByDefault() async throws {
        let (lines, logs) = try await Self.outboxLog(fullNumbers: false)
        for digits in ["3125552042", "3125552043"] {
            #expect(!lines.contains { $0.contains(digits) }, "\(lines)")
        }
        #expect(logs.events("outbound_error").first?.metadata["to"] == "+1******2042")
        #expect(logs.events("outbound_error").first?.metadata["error"]?.description.contains("2042") == true)
        #expect(logs.events("outbound_sent").first?.metadata["to"] == "+1******2043")
    }

    @Test("D5: with logPhoneNumbers the outbox logs full numbers")
    func fullWhenAllowed() async throws {
        let (_, logs) = try await Self.outboxLog(fullNumbers: true)
        #expect(logs.events("outbound_error").first?.metadata["to"] == "+13125552042")
        #expect(logs.events("outbound_error").first?.metadata["error"]?.description.contains("+13125552042") == true)
        #expect(logs.events("outbound_sent").first?.metadata["to"] == "+13125552043")
    }
}
