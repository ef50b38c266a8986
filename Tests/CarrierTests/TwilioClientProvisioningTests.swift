import Carrier
import CarrierTestKit
import Testing
import TextingCore

@Suite("TwilioClient number provisioning (E2)")
struct TwilioClientProvisioningTests {
    typealias Support = CarrierTestSupport

    static let smsURL = "https://texting.example.com/twilio/sms"
    static let voiceURL = "https://texting.example.com/twilio/voice"
    static let statusURL = "https://texting.example.com/twilio/number-status"

    private func provision(_ client: TwilioClient, _ country: PhoneCountry) async throws(CarrierError) -> PhoneNumber {
        try await client.provisionTollFreeNumber(
            country: country, smsURL: Self.smsURL, voiceURL: Self.voiceURL, statusURL: Self.statusURL, excluding: [])
    }

    @Test("searches a toll-free number with texting, then buys it with our webhooks", arguments: [
        (PhoneCountry.unitedStates, "US"), (.canada, "CA"),
    ])
    func searchAndBuy(country: PhoneCountry, code: String) async throws {
        try await FakeCarrierServer.with { server in
            let number = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                try await provision(client, country)
            }
            #expect(number == (try Support.number("+18335550123")))

            let requests = server.requests
            try #require(requests.count == 2)
            let accountPath = "/2010-04-01/Accounts/\(Support.accountSID)"
            let search = requests[0]
            #expect(search.method == "GET")
            #expect(search.path == "\(accountPath)/AvailablePhoneNumbers/\(code)/TollFree.json")
            #expect(search.queryValue("SmsEnabled") == "true")
            #expect(search.queryValue("VoiceEnabled") == "true")
            #expect(search.queryValue("PageSize") == "1")
            #expect(search.authorization == Support.expectedAuthorization)

            let buy = requests[1]
            #expect(buy.method == "POST")
            #expect(buy.path == "\(accountPath)/IncomingPhoneNumbers.json")
            #expect(buy.authorization == Support.expectedAuthorization)
            #expect(buy.value("PhoneNumber") == "+18335550123")
            #expect(buy.value("SmsUrl") == Self.smsURL)
            #expect(buy.value("VoiceUrl") == Self.voiceURL)
            #expect(buy.value("StatusCallback") == Self.statusURL)
        }
    }

    @Test("no available number is a clear, permanent error and nothing is bought")
    func noneAvailable() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(.json(status: 200, body: #"{"available_phone_numbers":[],"uri":"/x"}"#))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                await Support.carrierError { () async throws(CarrierError) in try await provision(client, .canada) }
            }
            #expect(error?.retryable == false)
            #expect(error?.code == nil)
            #expect(error?.message.contains("no toll-free numbers") == true)
            #expect(error?.message.contains("Canada") == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test("a number taken by someone else between search and purchase (21422) is searched again")
    func numberTakenMeanwhile() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(
                .json(status: 200, body: #"{"available_phone_numbers":[{"phone_number":"+18445550111"}]}"#),
                .json(status: 400, body: #"{"code":21422,"message":"PhoneNumber requested is not available"}"#))
            let number = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                try await provision(client, .unitedStates)
            }
            #expect(number == (try Support.number("+18335550123")))
            #expect(server.requests.map(\.method) == ["GET", "POST", "GET", "POST"])
        }
    }

    @Test("a refused purchase keeps the carrier's code")
    func purchaseRefused() async throws {
        try await FakeCarrierServer.with { server in
            server.enqueue(
                .json(status: 200, body: #"{"available_phone_numbers":[{"phone_number":"+18445550111"}]}"#),
                .json(status: 400, body: #"{"code":21452,"message":"No phone numbers found"}"#))
            let error = try await Support.withClient(Support.configuration(apiBaseURL: server.baseURL)) { client in
                await Support.carrierError { () async throws(CarrierError) in try await provision(client, .unitedStates) }
            }
            #expect(error == CarrierError(code: 21452, message: "No phone numbers found", retryable: false))
        }
    }

    @Test("the sandbox assigns the first pool number not already used")
    func sandbox() async throws {
        let sandbox = SandboxCarrier()
        func provision(excluding: Set<PhoneNumber>) async throws -> PhoneNumber {
            try await sandbox.provisionTollFreeNumber(
                country: .unitedStates, smsURL: "", voiceURL: "", statusURL: "", excluding: excluding)
        }
        let first = try #require(SandboxNumberPool.number(at: 0))
        let second = try #require(SandboxNumberPool.number(at: 1))
        let third = try #require(SandboxNumberPool.number(at: 2))
        #expect(try await provision(excluding: []) == first)
        #expect(try await provision(excluding: [first]) == second)
        #expect(try await provision(excluding: [first, second]) == third)
        #expect(try await provision(excluding: [second]) == first)
    }

    @Test("the sandbox reports an exhausted pool")
    func sandboxExhausted() async throws {
        let everything = Set((0..<7000).compactMap(SandboxNumberPool.number(at:)))
        let sandbox = SandboxCarrier()
        let error = await Support.carrierError { () async throws(CarrierError) in
            try await sandbox.provisionTollFreeNumber(
                country: .canada, smsURL: "", voiceURL: "", statusURL: "", excluding: everything)
        }
        #expect(error?.retryable == false)
        #expect(error?.message.contains("7000") == true)
    }
}
