import CarrierTestKit
import Foundation
import Testing
@testable import Daemon

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// D5 and C3 through the real programs: `twowayd` in twilio mode, logging to stderr at debug
    /// level, gets signed webhooks and status callbacks for the messages it really sent to the fake
    /// carrier; afterwards no line of its log holds the full digits of any client number.
    @Suite("twowayd binary: client numbers masked in the stderr log (D5)")
    struct DaemonBinaryLogMasking {
        typealias Support = IntegrationSupport

        /// Clients that text in, get a staff message, a refused reminder, a STOP, and one abroad.
        static let texter = "+13125552101"
        static let staffed = "+13125552102"
        static let blocked = "+13125552103"
        static let stopper = "+13125552104"
        static let abroad = "+442079460958"

        @Test("every log line masks the client numbers; the callbacks reach the messages (C3, O5)")
        func stderrLogMasksNumbers() async throws {
            let (found, searched) = DaemonBinaries.locate()
            let binaries = try #require(found, "twowayd and twowayctl are not built in \(searched); run swift build --build-tests")
            try await FakeCarrierServer.with { fake in
                let port = try await FakeCarrierServer.closedPort()
                let files = try TwilioModeDaemonFiles(prefix: "twowayd-d5", port: port, apiBaseURL: fake.baseURL, logLevel: "debug")
                defer { files.remove() }
                let socket = files.socket
                // O5 at send time: the carrier refuses every send to `blocked` with 21610.
                fake.respondUnscripted { request in
                    request.isSend && request.value("To") == Self.blocked
                        ? .error(status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient") : nil
                }
                let daemon = try DaemonProcess(binaries, config: files.config, log: files.log)
                do {
                    try await exercise(binaries, fake: fake, port: port, socket: socket)
                    let stopped = try await daemon.stop(SIGTERM)
                    #expect(stopped == 0, "a clean stop; log:\n\(daemon.logTail())")
                } catch {
                    _ = try? await daemon.stop(SIGKILL)
                    Issue.record("daemon log:\n\(daemon.logTail())")
                    throw error
                }
                let text = try String(contentsOf: files.log, encoding: .utf8)
                let lines = text.split(separator: "\n").map(String.init)
                #expect(lines.count > 20, "the debug log should hold the whole story:\n\(text)")
                let leaks = lines.filter(Self.holdsFullNumber)
                #expect(leaks.isEmpty, "log lines with a client's full number (D5):\n\(leaks.prefix(10).joined(separator: "\n"))")
            }
        }

        /// True when `line` holds the digits of a client number, as written or with separators removed.
        static func holdsFullNumber(_ line: String) -> Bool {
            let squeezed = line.filter { !" ()-.+".contains($0) }
            return [texter, staffed, blocked, stopper, abroad].contains { number in
                let digits = String(number.dropFirst(number.hasPrefix("+1") ? 2 : 1))
                return line.contains(digits) || squeezed.contains(digits)
            }
        }

        /// Onboards a practice, then: an inbound text (the bot answers), a staff message later
        /// `undelivered` 30006 by callback, the bot's reply later `failed` 21610 by callback, a
        /// reminder refused with 21610 at send time, a STOP, and a text from abroad (refused).
        private func exercise(_ binaries: DaemonBinaries, fake: FakeCarrierServer, port: Int, socket: String) async throws {
            try await waitUntilReady(binaries, socket: socket)
            let added = try await binaries.ctl([
                "practice", "add", "--name", "Maple Vet", "--country", "US", "--time-zone", "America/New_York",
                "--practice-phone", "(312) 555-0100", "--emergency-phone", "312.555.0199",
            ], socket: socket)
            let practice = "\(try #require(added.json["id"] as? Int, "practice add: \(added.json)"))"
            _ = try await binaries.ctl(["app-chat", "enable", "--practice", practice], socket: socket)
            let requested = try await binaries.ctl(["number", "request", "--practice", practice], socket: socket)
            let number = try #require((requested.json["number"] as? [String: Any])?["number"] as? String)
            _ = try await binaries.ctl(["texting", "enable", "--practice", practice], socket: socket)

            #expect(try await post(port, "/twilio/sms", inbound("SMd5a", from: Self.texter, to: number, body: "Hi")) == 200)
            let started = try await binaries.ctl([
                "conversation", "start", "--practice", practice, "--as", "Dr. Alice", "--to", "(312) 555-2102",
                "--first", "Pat", "--last", "Lee", "--title", "Results", "--message", "Max's x-rays are back.",
            ], socket: socket)
            let conversation = try #require(started.json["conversation"] as? Int, "conversation start: \(started.json)")
            let reminder = try await binaries.ctl([
                "reminder", "send", "--practice", practice, "--as", "Dr. Alice", "--to", "312.555.2103",
                "--message", "Rex is due for his booster.",
            ], socket: socket)
            #expect(reminder.status == 0, "reminder send: \(reminder.json)")
            #expect(try await post(port, "/twilio/sms", inbound("SMd5b", from: Self.stopper, to: number, body: "STOP")) == 200)
            #expect(try await post(port, "/twilio/sms", inbound("SMd5c", from: Self.abroad, to: number, body: "Hello")) == 400)

            // Wait for the sends: the bot's question, the staff message, the refused reminder, the
            // STOP confirmation.
            let sent = await fake.waitForRequests(timeout: .seconds(15)) { requests in
                Set(requests.filter(\.isSend).compactMap { $0.value("To") })
                    == [Self.texter, Self.staffed, Self.blocked, Self.stopper]
            }
            let sends = try #require(sent, "every message should reach the carrier: \(fake.requests.map(\.path))")
            for (to, status, code) in [(Self.staffed, "undelivered", 30006), (Self.texter, "failed", 21610)] {
                let send = try #require(sends.first { $0.isAcceptedSend && $0.value("To") == to })
                let callback = try #require(send.value("StatusCallback"))
                let target = String(callback.dropFirst(Support.publicURL.count))
                let sid = try #require(fake.requests.filter(\.isAcceptedSend).firstIndex { $0.value("To") == to })
                #expect(try await post(port, target, [
                    .init("MessageSid", FakeCarrierServer.messageSID(sid + 1)), .init("MessageStatus", status),
                    .init("ErrorCode", "\(code)"), .init("To", to), .init("From", number),
                ]) == 200)
            }

            // C3 as staff see it, then O5 for both 21610s.
            let shown = try await binaries.ctl(
                ["conversation", "show", "\(conversation)", "--practice", practice], socket: socket)
            let delivery = ((shown.json["messages"] as? [[String: Any]])?.last?["delivery"]) as? [String: Any]
            #expect(delivery?["state"] as? String == "undelivered", "conversation show: \(shown.json)")
            #expect(delivery?["errorCode"] as? Int == 30006)
            #expect(delivery?["explanation"] as? String == "The number is a landline or its carrier cannot receive texts.")
            for client in [Self.texter, Self.blocked] {
                let subscriptions = try await binaries.ctl(
                    ["subscription", "show", "--phone", client, "--practice", practice], socket: socket)
                #expect(subscriptions.json["twoWay"] as? Bool == false && subscriptions.json["reminders"] as? Bool == false,
                        "\(client.suffix(4)) should be opted out of both: \(subscriptions.json)")
            }
        }

        private func inbound(_ sid: String, from: String, to: String, body: String) -> [FormParameters.Field] {
            Support.inboundForm(sid: sid, from: from, to: to, body: body)
        }

        /// POSTs `fields` to the daemon at `target`, signed as the carrier signs them; the status.
        private func post(_ port: Int, _ target: String, _ fields: [FormParameters.Field]) async throws -> Int {
            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(target)")))
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.setValue(
                Support.signature(url: Support.publicURL + target, fields: fields), forHTTPHeaderField: TwilioSignature.headerName)
            request.httpBody = Data(Support.encode(fields))
            request.timeoutInterval = 10
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }

        /// Polls `twowayctl status` until it answers (at most 15 s).
        private func waitUntilReady(_ binaries: DaemonBinaries, socket: String) async throws {
            let deadline = ContinuousClock.now.advanced(by: .seconds(15))
            while ContinuousClock.now < deadline {
                if try await binaries.ctl(["status"], socket: socket).status == 0 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw HarnessError(message: "twowayd did not answer on \(socket)")
        }
    }
}
