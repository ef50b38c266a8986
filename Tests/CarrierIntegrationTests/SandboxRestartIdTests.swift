import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// Issue 11, defect 4: the sandbox's message ids restarted at `SMsandbox…0001` on every
    /// start, so a message sent after a restart took the delivery update of the oldest message
    /// with its id and stayed `queued`.
    @Suite("twowayd binary: sandbox message ids across restarts")
    struct SandboxRestartIds {
        static let client = "+13125552101"

        /// The delivery states of the conversation's outbound messages.
        static func outboundStates(_ daemon: SandboxDaemon, conversation: Int) async throws -> [String] {
            let shown = try await daemon.ctl(["conversation", "show", "\(conversation)"])
            let messages = shown.json["messages"] as? [[String: Any]] ?? []
            return messages.filter { $0["direction"] as? String == "outbound" }
                .map { ($0["delivery"] as? [String: Any])?["state"] as? String ?? "none" }
        }

        /// Texts the demo practice as the client and waits until every outbound message of the
        /// conversation is delivered and more than `after` exist; returns the conversation and the
        /// ids the simulated handset received in this life.
        static func textAndWait(
            _ daemon: SandboxDaemon, _ body: String, after: Int
        ) async throws -> (conversation: Int, states: [String], sids: [String]) {
            let texted = try await daemon.ctl(["sandbox", "text", client, body])
            let conversation = try #require(texted.json["conversation"] as? Int, "sandbox text: \(texted.json)")
            var states: [String] = []
            let deadline = ContinuousClock.now.advanced(by: .seconds(15))
            while ContinuousClock.now < deadline {
                states = try await outboundStates(daemon, conversation: conversation)
                if states.count > after, states.allSatisfy({ $0 == "delivered" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let inbox = try await daemon.ctl(["sandbox", "inbox", client])
            let sids = (inbox.json["messages"] as? [[String: Any]] ?? []).compactMap { $0["sid"] as? String }
            return (conversation, states, sids)
        }

        @Test("issue 11 defect 4: messages sent before and after a restart are all delivered, with distinct ids")
        func restartBetweenSends() async throws {
            let binaries = try SandboxDaemon.builtBinaries()
            let directory = try IntegrationSupport.temporaryDirectory("twowayd-sids")
            defer { try? FileManager.default.removeItem(at: directory) }
            let sandbox = try await SandboxDaemon(
                binaries, name: "sandbox", directory: directory, stateDirectory: directory.appendingPathComponent("state"))

            var daemon = try await sandbox.startReady()
            do {
                let before = try await Self.textAndWait(sandbox, "Hi, is Bella's food ready?", after: 0)
                #expect(!before.states.isEmpty && before.states.allSatisfy { $0 == "delivered" }, "\(before.states)")
                #expect(try await daemon.stop(SIGTERM) == 0)

                daemon = try await sandbox.startReady()
                let after = try await Self.textAndWait(sandbox, "Bella", after: before.states.count)
                #expect(after.conversation == before.conversation)
                #expect(after.states.count > before.states.count)
                #expect(after.states.allSatisfy { $0 == "delivered" }, "after the restart: \(after.states)")

                let sids = before.sids + after.sids
                #expect(!before.sids.isEmpty && !after.sids.isEmpty)
                #expect(Set(sids).count == sids.count, "ids: \(sids)")
                #expect(try await daemon.stop(SIGTERM) == 0, "a clean stop; log:\n\(daemon.logTail())")
            } catch {
                _ = try? await daemon.stop(SIGKILL)
                throw error
            }
        }
    }
}
