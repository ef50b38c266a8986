import Foundation
import TextingCore

/// One delivery-status callback from a Twilio-compatible carrier (C3): the form the carrier
/// POSTs to the `StatusCallback` URL given with each message.
///
/// The URL is `<public base>/twilio/status?message=<our message id>` (see
/// ``TwilioClient/Configuration/statusCallbackURL(for:)``), so the daemon finds the message by
/// our id even before it has stored the carrier's sid. The carrier sends no callback for the
/// first status, may repeat one, and may deliver them out of order: callers apply a state only
/// when ``DeliveryState/canAdvance(to:)`` allows it.
public struct CarrierStatusCallback: Hashable, Sendable {
    /// Path of the status-callback route, relative to the public base URL.
    public static let path = "/twilio/status"
    /// Query item of the callback URL that carries our message id.
    public static let messageQueryItem = "message"

    /// The carrier's message id (`MessageSid`, Twilio `SM…`).
    public var messageSID: String
    /// The state the carrier reports.
    public var state: DeliveryState
    /// The carrier's error code (`ErrorCode`, e.g. 30003) when it gave one.
    public var errorCode: Int?

    public init(messageSID: String, state: DeliveryState, errorCode: Int? = nil) {
        self.messageSID = messageSID
        self.state = state
        self.errorCode = errorCode
    }

    /// Reads a callback from its decoded form fields (names are case-sensitive, as the carrier
    /// sends them; the first of repeated names counts; unknown fields are ignored).
    ///
    /// Fields: `MessageSid` (legacy `SmsSid`), `MessageStatus` (legacy `SmsStatus`), optional
    /// `ErrorCode`. Statuses map as `queued`, `accepted`, `scheduled` → queued; `sending` →
    /// sending; `sent`, `partially_delivered` → sent; `delivered`, `read` → delivered;
    /// `undelivered` → undelivered; `failed`, `canceled` → failed. An empty or non-numeric
    /// `ErrorCode` is read as none.
    ///
    /// - Returns: nil when there is nothing to apply: no sid, no status, a status word this
    ///   version does not know, or `receiving`/`received` (an inbound message's status, which
    ///   the inbound webhook handles). The route still answers 2xx then, or the carrier retries.
    public static func parse(form: [(String, String)]) -> CarrierStatusCallback? {
        func first(_ names: String...) -> String? {
            for name in names {
                if let value = form.first(where: { $0.0 == name })?.1, !value.isEmpty { return value }
            }
            return nil
        }
        guard let sid = first("MessageSid", "SmsSid"),
              let word = first("MessageStatus", "SmsStatus"),
              let state = TwilioMessageStatus(word: word)?.deliveryState
        else { return nil }
        let errorCode = first("ErrorCode").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return CarrierStatusCallback(messageSID: sid, state: state, errorCode: errorCode)
    }

    /// Our message id from the callback URL's decoded query items (`message=<id>`); nil when
    /// absent or not a number.
    public static func messageID(query: [(String, String)]) -> MessageID? {
        query.first { $0.0 == messageQueryItem }.flatMap { Int64($0.1) }.map(MessageID.init(rawValue:))
    }
}
