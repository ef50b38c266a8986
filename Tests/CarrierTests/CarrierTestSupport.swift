import Carrier
import Foundation
import TextingCore

/// Shared values and helpers for the carrier tests.
enum CarrierTestSupport {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "s3cret-token"
    static let publicURL = "https://texting.example.com/"

    /// The default `requestTimeout` is long (20 s) so that a machine busy with the rest of the
    /// suite does not fail tests about answers; tests about timeouts give their own short one.
    static func configuration(
        apiBaseURL: String, requestTimeout: Duration = .seconds(20)
    ) -> TwilioClient.Configuration {
        TwilioClient.Configuration(
            accountSID: accountSID, authToken: authToken, statusCallbackBaseURL: publicURL,
            apiBaseURL: apiBaseURL, requestTimeout: requestTimeout, connectTimeout: .seconds(2))
    }

    /// Runs `body` with a client for `configuration` and always shuts the client down.
    static func withClient<T>(
        _ configuration: TwilioClient.Configuration, _ body: (TwilioClient) async throws -> T
    ) async throws -> T {
        let client = TwilioClient(configuration: configuration)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// A number from known-good test input.
    static func number(_ e164: String) throws -> PhoneNumber {
        guard let number = PhoneNumber(e164: e164) else { throw TestInputError(text: e164) }
        return number
    }

    static func request(body: String = "Rex is ready for pickup.", media: [String] = []) throws -> OutboundRequest {
        OutboundRequest(
            from: try number("+18335550100"), to: try number("+13125550142"), body: body, mediaURLs: media,
            messageID: MessageID(42))
    }

    /// The error `operation` threw, or nil when it returned.
    static func carrierError<T>(_ operation: () async throws(CarrierError) -> T) async -> CarrierError? {
        do {
            _ = try await operation()
            return nil
        } catch {
            return error
        }
    }

    /// `Basic base64(sid:token)`.
    static var expectedAuthorization: String {
        "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
    }
}

struct TestInputError: Error {
    var text: String
}
