import Carrier
import CarrierTestKit
import Foundation
import Testing
import TextingCore
@testable import Daemon

extension CarrierIntegration {
    /// D2: each sender number is paced on its own (toll-free default 3 segments/s).
    @Suite("Pacing per sender number (D2)")
    struct Pacing {
        typealias Support = IntegrationSupport

        /// Sends `count` one-segment reminders from each of `practices` practice numbers at once
        /// (one drain of the outbox at 3 segments/s) and returns the sends the fake received.
        private func sendAtOnce(practices: Int, count: Int) async throws -> [FakeCarrierServer.RecordedRequest] {
            let directory = try Support.temporaryDirectory("twowayd-pacing")
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await FakeCarrierServer.with { fake in
                let harness = try await CarrierPathHarness(
                    fake: fake, directory: directory,
                    sender: CarrierPathHarness.senderConfiguration(segmentsPerSecond: 3))
                do {
                    var ids: [MessageID] = []
                    for k in 1...practices {
                        let practice = try await harness.addPractice(k, number: try Support.practiceNumber(k))
                        for n in 1...count {
                            ids.append(try await harness.queueReminder(
                                practice: practice.id, to: try Support.client(n), body: "Reminder \(n) from practice \(k)."))
                        }
                    }
                    // Open the HTTP connection first, so the first paced request does not also
                    // pay for a TCP handshake the later ones do not.
                    _ = try await harness.client.send(OutboundRequest(
                        from: try Support.number("+18335559999"), to: try Support.client(99), body: "warm-up",
                        messageID: MessageID(999_999)))
                    await harness.sender.drainOnce()
                    #expect(try await harness.store.outboxDepth() == 0)
                    for id in ids { #expect(try await harness.message(id).carrierSID != nil) }
                } catch {
                    await harness.shutdown()
                    throw error
                }
                await harness.shutdown()
                return fake.requests.filter { $0.isAcceptedSend && $0.value("Body") != "warm-up" }
            }
        }

        /// Seconds from the first to the last of `requests` as the fake received them.
        private func spread(_ requests: [FakeCarrierServer.RecordedRequest]) -> Double {
            let times = requests.map(\.receivedAt)
            guard let first = times.min(), let last = times.max() else { return 0 }
            return Support.seconds(last - first)
        }

        @Test("20 messages from one number at 3 segments/s take at least 6.3 s, in order")
        func oneNumberIsPaced() async throws {
            let sends = try await sendAtOnce(practices: 1, count: 20)
            #expect(sends.count == 20)
            let seconds = spread(sends)
            print("pacing: 20 messages from one number, first to last request: \(String(format: "%.3f", seconds)) s")
            #expect(seconds >= 6.3, "19 gaps of 1/3 s are 6.33 s")
            #expect(seconds < 9, "pacing should not be much slower than configured")
            let gaps = zip(sends.dropFirst(), sends).map { Support.seconds($0.receivedAt - $1.receivedAt) }
            #expect(gaps.allSatisfy { $0 >= 0.25 }, "no two requests closer than a slot: \(gaps)")
            #expect(sends.map { $0.value("Body") ?? "" } == (1...20).map { "Reminder \($0) from practice 1." })
        }

        @Test("20 practice numbers sending one message each do not wait on each other")
        func numbersAreIndependent() async throws {
            let sends = try await sendAtOnce(practices: 20, count: 1)
            #expect(sends.count == 20)
            #expect(Set(sends.compactMap { $0.value("From") }).count == 20)
            let seconds = spread(sends)
            print("pacing: 20 numbers with one message each, first to last request: \(String(format: "%.3f", seconds)) s")
            #expect(seconds < 1.0)
        }
    }
}
