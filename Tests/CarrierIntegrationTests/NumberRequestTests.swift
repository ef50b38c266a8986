import Carrier
import CarrierTestKit
import Control
import Dispatch
import Foundation
import Logging
import Routing
import Systemd
import Testing
import TextingCore
import TextingStore
import TextingStoreSQLite
@testable import Daemon

extension CarrierIntegration {
    /// E2 in twilio mode: `twowayctl number request` buys a number through the carrier, wired as
    /// `twowayd` wires it (``TwowayDaemon/bindControlServer(sockets:current:router:carrier:reloader:logger:)``).
    @Suite("number request through the carrier (E2)")
    struct NumberRequest {
        typealias Support = IntegrationSupport

        /// Runs blocking client code off the cooperative thread pool the server needs.
        static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
            }
        }

        /// The configuration file of a twilio-mode daemon using `fake`, with `publicURL`.
        static func configuration(fake: FakeCarrierServer, socket: String, publicURL: String) -> String {
            """
            {"carrier": {"kind": "twilio", "accountSID": "\(Support.accountSID)", "apiBaseURL": "\(fake.baseURL)"},
             "http": {"publicURL": "\(publicURL)"},
             "control": {"socketPath": "\(socket)", "allowedUsers": ["\(Support.userName)"], "allowedGroups": []}}
            """
        }

        @Test("number request searches toll-free numbers in the practice's country and buys one pointing at our webhooks")
        func requestBuysThroughTheCarrier() async throws {
            let directory = try Support.temporaryDirectory("twowayd-number")
            defer { try? FileManager.default.removeItem(at: directory) }
            let socket = directory.appendingPathComponent("control.sock").path
            let file = directory.appendingPathComponent("twowayd.json").path
            let credentials = directory.appendingPathComponent("credentials")
            try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
            try Data("\(Support.authToken)\n".utf8).write(to: credentials.appendingPathComponent("twilio-auth-token"))

            try await FakeCarrierServer.with { fake in
                try Data(Self.configuration(fake: fake, socket: socket, publicURL: "https://texting.example.test/").utf8)
                    .write(to: URL(fileURLWithPath: file))
                let loader = ConfigurationLoader(explicitPath: file, environment: [:], isRoot: false)
                let loaded = try loader.load()
                let store = try SQLiteStore(path: directory.appendingPathComponent(TwowayDaemon.databaseFileName).path)
                let router = try await Router(store: store, configuration: loaded.routing, logger: quietLogger)
                let carrier = await CarrierConnection(loaded, router: router, logger: quietLogger)
                let current = Reloadable(loaded)
                let reloader = ConfigurationReloader(
                    loader: loader, file: file, current: current, logLevel: SharedLogLevel(.info),
                    webhookSettings: Reloadable(WebhookSettings(loaded)), router: router, carrier: carrier,
                    status: StatusReporter(router: router, store: store), logger: quietLogger)
                let server = try #require(await TwowayDaemon.bindControlServer(
                    sockets: ListenedSockets([]), current: current, router: router, carrier: carrier, reloader: reloader,
                    logger: quietLogger))
                let running = Task { try await server.run() }
                do {
                    try await exercise(fake: fake, socket: socket, file: file, router: router)
                } catch {
                    server.beginShutdown()
                    try? await running.value
                    await carrier.shutdown()
                    throw error
                }
                server.beginShutdown()
                try await running.value
                await carrier.shutdown()
            }
        }

        private func exercise(fake: FakeCarrierServer, socket: String, file: String, router: Router) async throws {
            let practice = try await Self.blocking {
                let client = try ControlClient(socketPath: socket)
                let practice = try client.send(PracticeAddCommand(
                    name: "Oak Animal Hospital", country: "CA", timeZone: "America/Toronto",
                    practicePhone: "(416) 555-0100", emergencyPhone: "(416) 555-0199"))
                _ = try client.send(AppChatEnableCommand(practice: practice.id))
                return try client.send(NumberRequestCommand(practice: practice.id))
            }
            #expect(practice.number.state == "assigned")
            #expect(practice.number.number == "+18335550123")
            #expect(try await router.practice(PracticeID(practice.id)).number == .assigned(try Support.number("+18335550123")))

            let requests = fake.requests
            try #require(requests.count == 2)
            let account = "/2010-04-01/Accounts/\(Support.accountSID)"
            #expect(requests[0].method == "GET")
            #expect(requests[0].path == "\(account)/AvailablePhoneNumbers/CA/TollFree.json")
            #expect(requests[1].method == "POST")
            #expect(requests[1].path == "\(account)/IncomingPhoneNumbers.json")
            #expect(requests[1].value("PhoneNumber") == "+18335550123")
            #expect(requests[1].value("SmsUrl") == "https://texting.example.test/twilio/sms")
            #expect(requests[1].value("VoiceUrl") == "https://texting.example.test/twilio/voice")
            #expect(requests[1].value("StatusCallback") == "https://texting.example.test/twilio/status")

            // A reloaded public URL applies to the next number bought.
            try Data(Self.configuration(fake: fake, socket: socket, publicURL: "https://sms.example.test").utf8)
                .write(to: URL(fileURLWithPath: file))
            fake.enqueue(.json(status: 200, body: #"{"available_phone_numbers":[{"phone_number":"+18445550177"}]}"#))
            let (reload, second) = try await Self.blocking {
                let client = try ControlClient(socketPath: socket)
                let reload = try client.send(ReloadCommand())
                let practice = try client.send(PracticeAddCommand(
                    name: "Maple Vet", country: "US", timeZone: "America/New_York",
                    practicePhone: "(312) 555-0100", emergencyPhone: "(312) 555-0199"))
                _ = try client.send(AppChatEnableCommand(practice: practice.id))
                return (reload, try client.send(NumberRequestCommand(practice: practice.id)))
            }
            #expect(reload.reloaded, "\(reload.message)")
            #expect(second.number.number == "+18445550177")
            let later = fake.requests.dropFirst(2)
            #expect(later.first?.path == "\(account)/AvailablePhoneNumbers/US/TollFree.json")
            #expect(later.last?.value("SmsUrl") == "https://sms.example.test/twilio/sms")
            #expect(later.last?.value("VoiceUrl") == "https://sms.example.test/twilio/voice")
            #expect(later.last?.value("StatusCallback") == "https://sms.example.test/twilio/status")
        }

        @Test("a refusal by the carrier is reported as number.provisioning_failed and nothing is assigned")
        func carrierRefusal() async throws {
            try await FakeCarrierServer.with { fake in
                fake.enqueue(.error(status: 401, code: 20003, message: "Authenticate"))
                let directory = try Support.temporaryDirectory("twowayd-number")
                defer { try? FileManager.default.removeItem(at: directory) }
                let store = try SQLiteStore(path: directory.appendingPathComponent(TwowayDaemon.databaseFileName).path)
                let router = try await Router(
                    store: store,
                    configuration: RoutingConfiguration(
                        contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try Support.version("1.0.0")),
                    logger: quietLogger)
                let client = TwilioClient(configuration: .init(
                    accountSID: Support.accountSID, authToken: "wrong", statusCallbackBaseURL: Support.publicURL,
                    apiBaseURL: fake.baseURL, requestTimeout: .seconds(5), connectTimeout: .seconds(2)))
                let handler = ControlHandler(environment: ControlEnvironment(
                    router: router, version: "test", carrierKind: "twilio", sandbox: nil,
                    provisionNumber: ControlEnvironment.carrierProvisioning(through: client, publicURL: { Support.publicURL })))
                let connection = ControlConnection()
                func call<Command: ControlCommand>(_ command: Command, id: Int) async throws -> ControlResponse<Command.Result> {
                    let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: id, command))
                    return try ControlProtocol.makeDecoder().decode(
                        ControlResponse<Command.Result>.self, from: await handler.respond(to: line, connection: connection))
                }
                let added = try #require(try await call(PracticeAddCommand(
                    name: "Maple Vet", country: "US", timeZone: "America/New_York",
                    practicePhone: "(312) 555-0100", emergencyPhone: "(312) 555-0199"), id: 1).result)
                _ = try await call(AppChatEnableCommand(practice: added.id), id: 2)
                let refused = try await call(NumberRequestCommand(practice: added.id), id: 3)
                await client.shutdown()
                #expect(refused.error?.code == "number.provisioning_failed")
                #expect(refused.error?.message.contains("Authenticate") == true)
                #expect(try await router.practice(PracticeID(added.id)).number == .none)
            }
        }
    }
}
