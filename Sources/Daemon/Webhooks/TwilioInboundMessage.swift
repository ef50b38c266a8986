import Foundation
import Routing
import TextingCore

/// The fields of Twilio's inbound-message webhook that the daemon uses, read from the form
/// (the others, such as `AccountSid`, `NumSegments` or `FromCity`, are accepted and ignored).
public struct TwilioInboundMessage: Sendable, Hashable {
    /// `MessageSid` (legacy `SmsSid`): the carrier's id, which makes retries idempotent (R6).
    public var messageSID: String
    /// `From`, as sent (kept for logging a refused number, masked).
    public var rawFrom: String
    /// `From` parsed; nil when it is not a US or Canadian number (see ``fromError``).
    public var from: PhoneNumber?
    /// Why `From` was refused, when it was.
    public var fromError: TextingError?
    /// `To`, the practice's number.
    public var to: PhoneNumber
    /// `Body`; absent means empty (a picture without text).
    public var body: String
    /// `MediaUrl0…`/`MediaContentType0…` for the first `NumMedia` indexes that carry a URL.
    public var media: [MediaAttachment]

    /// Media beyond this count are ignored (the carrier's own limit is 10).
    public static let maximumMedia = 20

    /// The fields read as identifiers: a control character in one makes the webhook malformed.
    static let identifierFields: Set<String> = [
        "MessageSid", "SmsSid", "SmsMessageSid", "AccountSid", "MessagingServiceSid", "From", "To", "NumMedia",
    ]
    /// Per-attachment identifiers (`MediaUrl0`, `MediaContentType0`, …).
    static let identifierFieldPrefixes = ["MediaUrl", "MediaContentType"]

    /// Reads the message.
    ///
    /// - Throws: a 400 ``WebhookError`` when `MessageSid`/`SmsSid`, `From` or `To` is missing,
    ///   `To` is not a valid number, `NumMedia` is not a whole number, an id, number or media
    ///   field holds a control character, or `Body` holds U+0000 (which the store cannot keep;
    ///   every other character of `Body` is stored as sent). A `From` outside the US and Canada
    ///   does not throw: it is reported in ``fromError`` so the caller can log it.
    public init(form: FormParameters) throws(WebhookError) {
        try form.checkCharacters(
            identifiers: Self.identifierFields, identifierPrefixes: Self.identifierFieldPrefixes, text: ["Body"])
        guard let sid = Self.nonEmpty(form["MessageSid"]) ?? Self.nonEmpty(form["SmsSid"]) else {
            throw Self.missing("MessageSid")
        }
        guard let rawFrom = Self.nonEmpty(form["From"]) else { throw Self.missing("From") }
        guard let rawTo = Self.nonEmpty(form["To"]) else { throw Self.missing("To") }
        do {
            to = try PhoneNumber(parsing: rawTo)
        } catch {
            throw WebhookError(status: 400, code: error.code.rawValue, message: "To: \(error.message)")
        }
        do {
            from = try PhoneNumber(parsing: rawFrom)
            fromError = nil
        } catch {
            from = nil
            fromError = error
        }
        messageSID = sid
        self.rawFrom = rawFrom
        body = form["Body"] ?? ""

        var media: [MediaAttachment] = []
        if let text = form["NumMedia"], !text.isEmpty {
            guard let count = Int(text), count >= 0 else {
                throw WebhookError(status: 400, code: "webhook.invalid_field",
                                   message: "NumMedia must be a whole number, found \(ConfigValue.jsonQuoted(text)).")
            }
            for index in 0..<min(count, Self.maximumMedia) {
                guard let url = Self.nonEmpty(form["MediaUrl\(index)"]) else { continue }
                let type = Self.nonEmpty(form["MediaContentType\(index)"]) ?? "application/octet-stream"
                media.append(MediaAttachment(contentType: type, sourceURL: url))
            }
        }
        self.media = media
    }

    /// The text for the router; nil when `From` was refused.
    public var inboundText: InboundText? {
        from.map { InboundText(from: $0, to: to, body: body, carrierSID: messageSID, media: media) }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isBlank else { return nil }
        return text
    }

    private static func missing(_ name: String) -> WebhookError {
        WebhookError(status: 400, code: "webhook.missing_field", message: "The form field \(name) is missing or empty.")
    }
}
