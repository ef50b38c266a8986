import Foundation
import TextingCore

/// A carrier that never leaves the machine: every sent text lands in a simulated handset inbox
/// of its recipient, with a simulated delivery outcome.
///
/// Outcomes are chosen by the recipient's number so tests and demos can provoke each one; only
/// the fictional lines +1 NPA 555-0100 to 555-0199 fail (``SandboxOutcome``), every other
/// number is delivered. Message ids look like the carrier's (`SM` and 32 hex digits) and are
/// random, so they stay unique across restarts of the daemon.
public actor SandboxCarrier: CarrierClient {
    /// One text as the simulated handset received it.
    public struct HandsetMessage: Hashable, Sendable, Codable {
        public var sid: String
        public var from: PhoneNumber
        public var body: String
        public var state: DeliveryState
        public var errorCode: Int?
        public var sequence: Int
    }

    private var inboxes: [PhoneNumber: [HandsetMessage]] = [:]
    /// Counts the accepted messages of this process, to order ``allMessages()``.
    private var sequence = 0
    private var throttleToggle = false
    /// Called after each accepted message with its final simulated state, as a carrier's
    /// status callback would be.
    private var statusListener: (@Sendable (String, DeliveryState, Int?) async -> Void)?

    public init() {}

    /// Registers where simulated status callbacks go.
    public func onStatus(_ listener: @escaping @Sendable (String, DeliveryState, Int?) async -> Void) {
        statusListener = listener
    }

    public func send(_ request: OutboundRequest) async throws(CarrierError) -> CarrierReceipt {
        let outcome = SandboxOutcome.of(request.to)
        switch outcome {
        case .refusedUnsubscribed:
            throw CarrierError(code: CarrierErrorCode.recipientUnsubscribed,
                               message: "Attempt to send to unsubscribed recipient", retryable: false)
        case .throttled:
            throttleToggle.toggle()
            if throttleToggle { throw CarrierError(code: 20429, message: "Too Many Requests", retryable: true) }
        case .delivered, .undelivered:
            break
        }
        sequence += 1
        let sid = Self.messageSID()
        let failure: Int? = if case .undelivered(let code) = outcome { code } else { nil }
        let state: DeliveryState = failure == nil ? .delivered : .undelivered
        inboxes[request.to, default: []].append(
            HandsetMessage(sid: sid, from: request.from, body: request.body, state: state, errorCode: failure,
                           sequence: sequence))
        if let listener = statusListener {
            Task { await listener(sid, state, failure) }
        }
        return CarrierReceipt(sid: sid, state: .queued)
    }

    /// A new message id in the carrier's format: `SM` and 128 random bits as 32 lowercase hex
    /// digits, so ids never repeat across restarts.
    static func messageSID() -> String {
        "SM" + [UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max)].map { half in
            let hex = String(half, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// What the handset of `number` has received, oldest first.
    public func inbox(_ number: PhoneNumber) -> [HandsetMessage] {
        inboxes[number] ?? []
    }

    /// Every handset's messages, for tests that count.
    public func allMessages() -> [HandsetMessage] {
        inboxes.values.flatMap { $0 }.sorted { $0.sequence < $1.sequence }
    }
}
