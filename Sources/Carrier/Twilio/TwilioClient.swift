import AsyncHTTPClient
import Foundation
import TextingCore

/// Sends texts and buys numbers through a Twilio-compatible REST API (API version 2010-04-01),
/// the production ``CarrierClient`` next to ``SandboxCarrier``.
///
/// `send` is one `POST <apiBaseURL>/2010-04-01/Accounts/<sid>/Messages.json` with HTTP basic
/// auth (account sid, auth token) and the form fields `To`, `From`, `Body`, one `MediaUrl` per
/// media link, and `StatusCallback` (``Configuration/statusCallbackURL(for:)``, which carries
/// our message id). A 2xx answer's JSON `sid` and `status` become the ``CarrierReceipt``
/// (`accepted`, `scheduled`, `queued` → queued; `sending` → sending; `sent` → sent; …; a missing
/// or unknown status → queued, since the carrier took the message).
///
/// Errors, each a ``CarrierError``:
/// - **Body longer than 1,600 characters** (``maximumBodyLength``): refused before any request,
///   code 21617, not retryable, so staff see the explanation at once instead of after a round
///   trip. Characters are counted as people see them (`String.count`); a body within that count
///   that the carrier counts as longer (many emoji) is refused by the carrier with the same code.
/// - **429, code 20429, 408, 5xx**: retryable; the carrier's code when it gave one (20429 for a
///   429 without one), the HTTP status in the message of a 5xx.
/// - **Other 4xx**: not retryable, with the carrier's `code` and `message` (e.g. 21610 when the
///   recipient opted out with the carrier, O5).
/// - **No answer** (connection refused or closed, DNS, TLS, timeout after
///   ``Configuration/requestTimeout``): retryable, `code` nil. The carrier may have received a
///   request that timed out, so a retry can send the text twice: sends are at-least-once (D2).
/// - **A 2xx answer without a readable `sid`**: not retryable, `code` nil. The carrier has the
///   message, so sending it again would duplicate it; the message says so.
///
/// The type is `Sendable` (immutable; `HTTPClient` is thread-safe) and may be shared by every
/// sender. Call ``shutdown()`` before dropping the last reference: it closes the HTTP
/// connections (AsyncHTTPClient traps in debug builds on a client that was never shut down).
public final class TwilioClient: CarrierClient, Sendable {
    /// The longest body the carrier accepts, in characters.
    public static let maximumBodyLength = TextLimits.maximumBodyCharacters
    /// The code of a body over ``maximumBodyLength`` (the carrier's own code for it).
    public static let bodyTooLongCode = 21617

    let configuration: Configuration
    let http: HTTPClient

    /// A client with its own connection pool on the process-wide NIO event loops.
    public init(configuration: Configuration) {
        self.configuration = configuration
        let requestNanoseconds = configuration.requestTimeout.wholeNanoseconds
        let connectNanoseconds = min(configuration.connectTimeout.wholeNanoseconds, requestNanoseconds)
        let httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectNanoseconds), read: .nanoseconds(requestNanoseconds)))
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
    }

    /// Closes the HTTP connections; sends after it fail (retryable). Calling it again does
    /// nothing: the only error AsyncHTTPClient reports here is "already shut down".
    public func shutdown() async {
        try? await http.shutdown()
    }

    public func send(_ request: OutboundRequest) async throws(CarrierError) -> CarrierReceipt {
        let length = request.body.count
        guard length <= Self.maximumBodyLength else {
            throw CarrierError(
                code: Self.bodyTooLongCode,
                message: "The message has \(length) characters; a text can have at most 1,600. "
                    + "Shorten it or send it as several messages.",
                retryable: false)
        }
        var form = [("To", request.to.e164), ("From", request.from.e164), ("Body", request.body)]
        form += request.mediaURLs.map { ("MediaUrl", $0) }
        form.append(("StatusCallback", configuration.statusCallbackURL(for: request.messageID)))

        let response = try await perform(.post, path: "/Messages.json", form: form)
        guard let body = response.body,
              let message = try? JSONDecoder().decode(MessageResource.self, from: body),
              let sid = message.sid, !sid.isEmpty
        else {
            throw CarrierError(
                code: nil,
                message: "The carrier accepted the message (HTTP \(response.status)) but its answer had no "
                    + "message id; it was not sent again, to avoid a duplicate.",
                retryable: false)
        }
        let state = message.status.flatMap(TwilioMessageStatus.init(word:))?.deliveryState ?? .queued
        return CarrierReceipt(sid: sid, state: state)
    }

    /// The part of the REST Message resource `send` reads.
    private struct MessageResource: Decodable {
        var sid: String?
        var status: String?
    }
}
