import CarrierTestKit
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// D2 and E2 through the real programs: `twowayd` in twilio mode against the fake carrier,
    /// driven with `twowayctl`, killed with SIGKILL while its outbox is full, and started again.
    @Suite("twowayd binary: kill -9 with a queued outbox (D2)")
    struct DaemonBinaryRestart {
        typealias Support = IntegrationSupport

        static let messageCount = 5

        @Test("messages queued while the carrier answers 503 are sent exactly once after kill -9 and a restart")
        func killAndRestart() async throws {
            let (found, searched) = DaemonBinaries.locate()
            let binaries = try #require(found, "twowayd and twowayctl are not built in \(searched); run swift build --build-tests")
            let directory = try Support.temporaryDirectory("twowayd-kill")
            defer { try? FileManager.default.removeItem(at: directory) }
            let socket = directory.appendingPathComponent("control.sock").path
            let config = directory.appendingPathComponent("twowayd.json").path
            let log = directory.appendingPathComponent("daemon.log")
            let credentials = directory.appendingPathComponent("credentials")
            try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
            try Data("\(Support.authToken)\n".utf8).write(to: credentials.appendingPathComponent("twilio-auth-token"))

            try await FakeCarrierServer.with { fake in
                let port = try await FakeCarrierServer.closedPort()
                try Data("""
                    {"logLevel": "info",
                     "http": {"host": "127.0.0.1", "port": \(port), "publicURL": "\(Support.publicURL)"},
                     "control": {"socketPath": "\(socket)", "allowedUsers": ["\(Support.userName)"],
                                 "allowedGroups": []},
                     "stateDirectory": "\(directory.appendingPathComponent("state").path)",
                     "carrier": {"kind": "twilio", "accountSID": "\(Support.accountSID)", "apiBaseURL": "\(fake.baseURL)"},
                     "outbox": {"segmentsPerSecond": 50}}
                    """.utf8).write(to: URL(fileURLWithPath: config))

                // The carrier is down for sends (503) until the restart.
                fake.respondUnscripted { $0.isSend ? .error(status: 503, code: 20503, message: "Service Unavailable") : nil }
                var daemon = try DaemonProcess(binaries, config: config, log: log)
                do {
                    try await firstLife(binaries, daemon: daemon, fake: fake, socket: socket)
                    // The crash: no graceful shutdown, nothing flushed.
                    let killed = try await daemon.stop(SIGKILL)
                    #expect(killed == SIGKILL)
                    let attemptsBefore = fake.requests.filter(\.isSend).count
                    #expect(fake.requests.filter(\.isAcceptedSend).isEmpty)

                    // The carrier is back; the daemon starts again on the same state directory.
                    fake.respondUnscripted(nil)
                    daemon = try DaemonProcess(binaries, config: config, log: log)
                    try await secondLife(binaries, daemon: daemon, fake: fake, socket: socket, attemptsBefore: attemptsBefore)
                    let stopped = try await daemon.stop(SIGTERM)
                    #expect(stopped == 0, "a clean stop after the restart; log:\n\(daemon.logTail())")
                } catch {
                    _ = try? await daemon.stop(SIGKILL)
                    Issue.record("daemon log:\n\(daemon.logTail())")
                    throw error
                }
            }
        }

        /// Waits for the control socket, buys the practice's number through the fake (E2 wiring in
        /// the binary), queues the reminders and waits until each was tried (503) at least once.
        private func firstLife(
            _ binaries: DaemonBinaries, daemon: DaemonProcess, fake: FakeCarrierServer, socket: String
        ) async throws {
            try await waitUntilReady(binaries, daemon: daemon, socket: socket)
            let added = try await binaries.ctl([
                "practice", "add", "--name", "Maple Vet", "--country", "US", "--time-zone", "America/New_York",
                "--practice-phone", "(312) 555-0100", "--emergency-phone", "312.555.0199",
            ], socket: socket)
            let practice = try #require(added.json["id"] as? Int, "practice add: \(added.json)")
            _ = try await binaries.ctl(["app-chat", "enable", "--practice", "\(practice)"], socket: socket)
            let requested = try await binaries.ctl(["number", "request", "--practice", "\(practice)"], socket: socket)
            let number = (requested.json["number"] as? [String: Any])?["number"] as? String
            #expect(requested.status == 0 && number == "+18335550123", "number request: \(requested.json)")
            let buy = try #require(fake.requests.first { $0.path.hasSuffix("/IncomingPhoneNumbers.json") })
            #expect(fake.requests.first?.path.hasSuffix("/AvailablePhoneNumbers/US/TollFree.json") == true)
            #expect(buy.value("SmsUrl") == "\(Support.publicURL)/twilio/sms")
            #expect(buy.value("VoiceUrl") == "\(Support.publicURL)/twilio/voice")
            #expect(buy.value("StatusCallback") == "\(Support.publicURL)/twilio/status")

            for n in 1...Self.messageCount {
                let sent = try await binaries.ctl([
                    "reminder", "send", "--practice", "\(practice)", "--as", "Dr. Alice",
                    "--to", try Support.client(n).e164, "--message", Self.body(n),
                ], socket: socket)
                #expect(sent.status == 0, "reminder send: \(sent.json)")
            }
            let tried = await fake.waitForRequests(timeout: .seconds(15)) { requests in
                Set(requests.filter(\.isSend).compactMap { $0.value("Body") }).count == Self.messageCount
            }
            #expect(tried != nil, "every reminder should have been tried once before the kill")
            let status = try await binaries.ctl(["status"], socket: socket)
            #expect(status.json["outboxDepth"] as? Int == Self.messageCount, "status: \(status.json)")
        }

        /// After the restart: every reminder reaches the carrier and is accepted exactly once.
        private func secondLife(
            _ binaries: DaemonBinaries, daemon: DaemonProcess, fake: FakeCarrierServer, socket: String,
            attemptsBefore: Int
        ) async throws {
            try await waitUntilReady(binaries, daemon: daemon, socket: socket)
            let sent = await fake.waitForRequests(timeout: .seconds(20)) { requests in
                requests.filter(\.isAcceptedSend).count >= Self.messageCount
            }
            #expect(sent != nil, "the queued reminders should be sent after the restart")
            // Long enough for another outbox poll (1 s) to show any duplicate.
            try await Task.sleep(for: .milliseconds(1500))
            let accepted = fake.requests.filter(\.isAcceptedSend)
            var counts: [String: Int] = [:]
            for request in accepted { counts["\(request.value("To") ?? "?") \(request.value("Body") ?? "?")", default: 0] += 1 }
            var expected: [String: Int] = [:]
            for n in 1...Self.messageCount { expected["\(try Support.client(n).e164) \(Self.body(n))"] = 1 }
            #expect(counts == expected)
            #expect(accepted.allSatisfy { $0.value("From") == "+18335550123" })
            print("restart: \(attemptsBefore) refused attempts before the kill, \(accepted.count) accepted sends after it")
            let status = try await binaries.ctl(["status"], socket: socket)
            #expect(status.json["outboxDepth"] as? Int == 0, "status: \(status.json)")
        }

        private static func body(_ n: Int) -> String { "Reminder \(n): Rex's booster is due." }

        /// Polls `twowayctl status` until it answers (at most 15 s).
        private func waitUntilReady(_ binaries: DaemonBinaries, daemon: DaemonProcess, socket: String) async throws {
            let deadline = ContinuousClock.now.advanced(by: .seconds(15))
            while ContinuousClock.now < deadline {
                guard daemon.isRunning else { break }
                if try await binaries.ctl(["status"], socket: socket).status == 0 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw HarnessError(message: "twowayd did not answer on \(socket)")
        }
    }
}
