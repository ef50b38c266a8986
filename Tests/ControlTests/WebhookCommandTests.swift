import Control
import Daemon
import Foundation
import Testing

/// V1: endpoints and events are managed over the control socket (the people who run the daemon).
@Suite("Control: webhook and events commands (V1)")
struct WebhookCommandTests {
    @Test("V1: webhook add answers its whsec_ secret once; list never shows it; remove stops it")
    func endpoints() async throws {
        let harness = try await ControlHarness()
        let maple = try await harness.onboardedPractice()
        let added = try await harness.call(WebhookAddCommand(
            practice: maple.id, url: "https://platform.example/hooks", events: ["message.created", "conversation.opened"]))
        #expect(added.secret?.hasPrefix("whsec_") == true)
        #expect(added.events == ["conversation.opened", "message.created"] && added.source == "control")
        let all = try await harness.call(WebhookAddCommand(practice: maple.id, url: "http://127.0.0.1:9/all", events: nil))
        #expect(all.events == nil)

        let list = try await harness.call(WebhookListCommand(practice: nil))
        #expect(list.endpoints.map(\.id) == [added.id, all.id])
        #expect(list.endpoints.allSatisfy { $0.secret == nil })
        let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: 77, WebhookListCommand(practice: nil)))
        let answer = String(decoding: await harness.handler.respond(to: line, connection: harness.connection), as: UTF8.self)
        #expect(!answer.contains("whsec_"))

        // A text now writes events for both endpoints (one filtered).
        _ = try await harness.call(SandboxTextCommand(practice: maple.id, from: "312-555-0142", body: "Hello"))
        let events = try await harness.call(EventListCommand(practice: maple.id, failed: nil, limit: nil))
        // The text and the profile bot's first question (an unknown number).
        #expect(events.deliveries.filter { $0.endpoint == added.id }.map(\.type).sorted()
            == ["conversation.opened", "message.created", "message.created"])
        #expect(events.deliveries.contains { $0.endpoint == all.id })

        #expect(try await harness.call(WebhookRemoveCommand(id: all.id)).id == all.id)
        #expect(try await harness.call(WebhookListCommand(practice: maple.id)).endpoints.map(\.id) == [added.id])
        let removed = try await harness.call(EventListCommand(practice: nil, failed: true, limit: 100))
        #expect(!removed.deliveries.isEmpty && removed.deliveries.allSatisfy { $0.endpoint == all.id && $0.state == "failed" })
        #expect(try await harness.call(EventRetryCommand(events: nil, allFailed: true)).retried == 0)
    }

    @Test("V1: only http(s) URLs, known event types, existing practices and endpoints; retry needs ids or --all-failed")
    func refusals() async throws {
        let harness = try await ControlHarness()
        let maple = try await harness.addPractice()
        #expect(await harness.refusal(WebhookAddCommand(practice: maple.id, url: "ftp://platform.example/x", events: nil)).code
            == "webhook.invalid_url")
        #expect(await harness.refusal(WebhookAddCommand(practice: maple.id, url: "not a url", events: nil)).code
            == "webhook.invalid_url")
        #expect(await harness.refusal(WebhookAddCommand(practice: maple.id, url: "https://p.example", events: ["message.sent"]))
            .code == "webhook.unknown_event_type")
        #expect(await harness.refusal(WebhookAddCommand(practice: 999, url: "https://p.example", events: nil)).code
            == "practice.not_found")
        #expect(await harness.refusal(WebhookRemoveCommand(id: 4242)).code == "webhook.not_found")
        #expect(await harness.refusal(EventRetryCommand(events: nil, allFailed: nil)).code == ControlErrorCode.badArguments)
        #expect(await harness.refusal(EventRetryCommand(events: [1], allFailed: true)).code == ControlErrorCode.badArguments)
        #expect(await harness.refusal(EventListCommand(practice: nil, failed: nil, limit: 0)).code == ControlErrorCode.badArguments)
        #expect(Set(ControlHandler.commandNames).isSuperset(of: [
            "webhook.add", "webhook.list", "webhook.remove", "events.list", "events.retry",
        ]))
    }
}
