import Foundation
import TextingCore

/// Twilio's message status words (`status` in REST answers, `MessageStatus` in callbacks) and
/// the ``DeliveryState`` each one means for us (C3).
enum TwilioMessageStatus: String, CaseIterable {
    case accepted, scheduled, queued, sending, sent, delivered, undelivered, failed, canceled, read
    case partiallyDelivered = "partially_delivered"
    case receiving, received

    /// The status for a word as the carrier spelled it (case-insensitive); nil for a word Twilio
    /// may add later.
    init?(word: String) {
        self.init(rawValue: word.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// What the status means for an outbound message; nil for the inbound-only statuses
    /// `receiving` and `received`.
    ///
    /// `accepted` and `scheduled` wait at the carrier like `queued`; `canceled` (a scheduled
    /// message withdrawn) never goes out, so `failed`; `read` implies delivery;
    /// `partially_delivered` is reported as `sent`: the carrier has it, full delivery is not
    /// confirmed.
    var deliveryState: DeliveryState? {
        switch self {
        case .accepted, .scheduled, .queued: .queued
        case .sending: .sending
        case .sent, .partiallyDelivered: .sent
        case .delivered, .read: .delivered
        case .undelivered: .undelivered
        case .failed, .canceled: .failed
        case .receiving, .received: nil
        }
    }
}
