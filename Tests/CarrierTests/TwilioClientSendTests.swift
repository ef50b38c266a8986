import Carrier
import CarrierTestKit
import Foundation
import Testing
import TextingCore

@Suite("TwilioClient.send")
struct TwilioClientSendTests {
    typealias Support = CarrierTestSupport

    @Test("a send posts every form field with basic auth and the message's status-callback URL")
    func successfulSend() async throws {
        try await FakeCarrierServer.with { server in
            let body = "Hi Rex & co: 100% done, a+b=c ✓ 🐶"
            let media = ["https://texting.example.com/m/abc?sig=1&x=2", "https://texting.example.com/m/def"]
            let receipt = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                try await client.send(try Support.request(body: body, media: media))
            }
            #expect(receipt == CarrierReceipt(sid: "SM00000000000000000000000000000001", state: .queued))

            let requests = server.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == "/2010-04-01/Accounts/\(Support.accountSID)/Messages.json")
            #expect(request.authorization == Support.expectedAuthorization)
            #expect(request.contentType?.hasPrefix("application/x-www-form-urlencoded") == true)
            #expect(request.form.map(\.0) == ["To", "From", "Body", "MediaUrl", "MediaUrl", "StatusCallback"])
            #expect(request.value("To") == "+13125550142")
            #expect(request.value("From") == "+18335550100")
            #expect(request.value("Body") == body)
            #expect(request.values("MediaUrl") == media)
            #expect(request.value("StatusCallback") == "https://texting.example.com/twilio/status?message=42")
        }
    }

    @Test("the receipt's state follows the carrier's status word", arguments: [
        ("accepted", DeliveryState.queued), ("queued", .queued), ("scheduled", .queued), ("sending", .sending),
        ("sent", .sent), ("delivered", .delivered), ("failed", .failed), ("something-new", .queued),
    ])
    func receiptState(status: String, expected: DeliveryState) async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: 201, body: #"{"sid":"SMx","status":"\#(status)"}"#))
            let receipt = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                try await client.send(try Support.request())
            }
            #expect(receipt == CarrierReceipt(sid: "SMx", state: expected))
        }
    }

    @Test("400 with code 21610 is a permanent error with the carrier's code and message")
    func unsubscribedRecipient() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: 400, body: """
                {"code":21610,"message":"Attempt to send to unsubscribed recipient",\
                "more_info":"https://www.twilio.com/docs/errors/21610","status":400}
                """))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let request = try Support.request()
                return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
            }
            #expect(error == CarrierError(code: 21610, message: "Attempt to send to unsubscribed recipient", retryable: false))
        }
    }

    @Test("a 4xx without a JSON body is permanent, without a code, naming the status")
    func plainClientError() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: 404, body: "not json"))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let request = try Support.request()
                return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
            }
            #expect(error?.retryable == false)
            #expect(error?.code == nil)
            #expect(error?.message.contains("404") == true)
        }
    }

    @Test("429 is retryable, with code 20429 whether or not the body gives it", arguments: [
        #"{"code":20429,"message":"Too Many Requests","status":429}"#, "",
    ])
    func throttled(body: String) async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: 429, body: body))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let request = try Support.request()
                return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
            }
            #expect(error?.retryable == true)
            #expect(error?.code == 20429)
        }
    }

    @Test("5xx is retryable and names the HTTP status", arguments: [500, 503])
    func serverError(status: Int) async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: status, body: #"{"message":"Internal Server Error"}"#))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let request = try Support.request()
                return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
            }
            #expect(error?.retryable == true)
            #expect(error?.code == nil)
            #expect(error?.message.contains("HTTP \(status)") == true)
        }
    }

    @Test("a connection closed without an answer is retryable without a code")
    func connectionClosed() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.closeConnection, .closeConnection, .closeConnection)
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let request = try Support.request()
                return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
            }
            #expect(error?.retryable == true)
            #expect(error?.code == nil)
        }
    }

    @Test("an unreachable port is retryable without a code")
    func unreachable() async throws {
        let port = try await FakeCarrierServer.closedPort()
        let error = try await Support.withClient(Support.configuration(apiBaseURL: "http://127.0.0.1:\(port)")) {
            client in
            let request = try Support.request()
            return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
        }
        #expect(error?.retryable == true)
        #expect(error?.code == nil)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    @Test("an answer slower than the request timeout is retryable without a code")
    func timeout() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.delayed(.seconds(5), .json(status: 201, body: #"{"sid":"SMlate","status":"queued"}"#)))
            let configuration = Support.configuration(apiBaseURL: server.baseURL, requestTimeout: .milliseconds(300))
            // Only the send is timed: shutting the client down afterwards is not the timeout's
            // business, and on a loaded machine it took seconds of its own.
            let (error, elapsed) = try await Support.withClient(configuration) { client in
                let request = try Support.request()
                let started = ContinuousClock.now
                let error = await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
                return (error, ContinuousClock.now - started)
            }
            #expect(elapsed < .seconds(4))
            #expect(error?.retryable == true)
            #expect(error?.code == nil)
            #expect(error?.message.contains("did not answer within 0.3 s") == true)
        }
    }

    @Test("a body over 1,600 characters is refused with 21617 before any request; 1,600 is sent")
    func bodyTooLong() async throws {
        try await FakeCarrierServer.with { server in
            try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let long = try Support.request(body: String(repeating: "a", count: 1601))
                let error = await Support.carrierError { () async throws(CarrierError) in try await client.send(long) }
                #expect(error?.code == 21617)
                #expect(error?.retryable == false)
                #expect(error?.message.contains("1601") == true)
                #expect(server.requests.isEmpty)

                let limit = try Support.request(body: String(repeating: "🐶", count: 1600))
                _ = try await client.send(limit)
                #expect(server.requests.count == 1)
            }
        }
    }

    @Test("a 2xx answer without a sid is permanent, so the message is not sent twice")
    func acceptedWithoutSid() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: 201, body: "{}"))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                let request = try Support.request()
                return await Support.carrierError { () async throws(CarrierError) in try await client.send(request) }
            }
            #expect(error?.retryable == false)
            #expect(error?.code == nil)
            #expect(server.requests.count == 1)
        }
    }

    @Test("the configuration never shows the auth token")
    func tokenRedacted() {
        let configuration = Support.configuration(apiBaseURL: "https://api.twilio.com")
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [String(describing: configuration), String(reflecting: configuration), dumped] {
            #expect(!text.contains(Support.authToken))
            #expect(text.contains("<redacted>"))
        }
    }

    @Test("status-callback URLs carry our message id below the public base URL")
    func statusCallbackURL() {
        var configuration = Support.configuration(apiBaseURL: "https://api.twilio.com")
        configuration.statusCallbackBaseURL = "https://vet.example.com/texting"
        #expect(configuration.statusCallbackURL(for: MessageID(7)) == "https://vet.example.com/texting/twilio/status?message=7")
    }
}
