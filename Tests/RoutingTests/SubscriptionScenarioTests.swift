import Foundation
import Testing
import Carrier
import Routing
import TextingCore
import TextingStore

@Suite("O1–O5 subscriptions through the router")
struct SubscriptionScenarioTests {
    @Test("O2/O3: STOP opts out with one confirmation; a later normal text re-subscribes")
    func stopThenText() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(20)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Lu", lastName: "Chen", email: nil)
        let stop = try await h.text(" STOP! ", from: client)
        #expect(stop.disposition == .keyword)
        #expect(stop.replies == [Replies.optOutConfirmation(practiceName: "Maple Vet")])
        var subscriptions = try await h.store.subscriptions(practice: h.practice.id, phone: client)
        #expect(!subscriptions.twoWay && !subscriptions.reminders)

        let back = try await h.text("Actually, can I book a checkup?", from: client)
        #expect(back.disposition == .routed)
        subscriptions = try await h.store.subscriptions(practice: h.practice.id, phone: client)
        #expect(subscriptions.twoWay && subscriptions.reminders)
        let history = try await h.store.subscriptionHistory(practice: h.practice.id, phone: client)
        #expect(history.map(\.method) == ["keyword STOP", "keyword STOP", "inbound text", "inbound text"])
        #expect(history.allSatisfy { $0.actor == "client" })
    }

    @Test("O2/E5: STOP after a reminder opts out of both; reminders are then refused")
    func stopAfterReminder() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(21)
        _ = try await h.router.sendReminder(practice: h.practice.id, phone: client, body: "Rex is due for his rabies shot.")
        _ = try await h.text("Cancel.", from: client)
        let subscriptions = try await h.store.subscriptions(practice: h.practice.id, phone: client)
        #expect(!subscriptions.twoWay && !subscriptions.reminders)
        await #expect(throws: TextingError.self) {
            _ = try await h.router.sendReminder(practice: h.practice.id, phone: client, body: "Reminder")
        }
    }

    @Test("O1/S6: a dashboard opt-out leaves reminders on and refuses staff texts with the date")
    func dashboardOptOut() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(22)
        let first = try await h.text("hi", from: client)
        let conversation = try #require(first.conversationID)
        try await h.router.optOut(conversation: conversation, staff: "amy")
        let subscriptions = try await h.store.subscriptions(practice: h.practice.id, phone: client)
        #expect(!subscriptions.twoWay)
        #expect(subscriptions.reminders)
        do {
            _ = try await h.router.reply(conversation: conversation, body: "Hello?", staff: "amy")
            Issue.record("a reply to an opted-out number was accepted")
        } catch let error as TextingError {
            #expect(error.code.rawValue == "subscription.opted_out")
            // In the practice's zone (New York), with the zone named: 15:00 UTC is 10:00 EST.
            #expect(error.message.contains("2026-12-02 10:00 EST"), "\(error.message)")
        }
        #expect(try await h.router.sendReminder(practice: h.practice.id, phone: client, body: "Vaccines due") != nil)
        let history = try await h.store.subscriptionHistory(practice: h.practice.id, phone: client)
        #expect(history.first?.actor == "staff:amy")
        #expect(history.first?.method == "conversation opt-out")
    }

    @Test("O3: YES from a subscribed number is an ordinary answer; START always confirms")
    func yesAndStart() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(23)
        _ = try await h.router.editProfile(practice: h.practice.id, phone: client, firstName: "Al", lastName: "Ng", email: nil)
        #expect(try await h.text("Yes", from: client).disposition == .routed)
        let start = try await h.text("start", from: client)
        #expect(start.disposition == .keyword)
        #expect(start.replies == [Replies.optInConfirmation(practiceName: "Maple Vet")])
    }

    @Test("A7: HELP answers with the practice's name and phone")
    func help() async throws {
        let h = try await RoutingHarness.make()
        let outcome = try await h.text("help", from: RoutingHarness.client(24))
        #expect(outcome.replies == [Replies.help(practiceName: "Maple Vet", practicePhone: "(312) 555-0100")])
    }

    @Test("O4: staff set a subscription; the change is kept with who and how")
    func staffSetsSubscription() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(25)
        let result = try await h.router.setSubscription(practice: h.practice.id, phone: client, kind: .reminders,
                                                        subscribed: false, staff: "bo")
        #expect(result.twoWay && !result.reminders)
        let history = try await h.store.subscriptionHistory(practice: h.practice.id, phone: client)
        #expect(history == [SubscriptionChange(kind: .reminders, subscribed: false, actor: "staff:bo",
                                               method: "subscription settings", at: h.clock.now())])
    }

    @Test("O5: carrier error 21610 on a send records an opt-out of both")
    func carrierBlock() async throws {
        let h = try await RoutingHarness.make()
        let blocked = PhoneNumber(e164: "+13125550110")!  // sandbox: fictional 555-0110, refused with 21610
        _ = try await h.router.sendReminder(practice: h.practice.id, phone: blocked, body: "Checkup due")
        let sender = OutboxSender(store: h.store, carrier: SandboxCarrier(), router: h.router, clock: { h.clock.now() })
        await sender.drainOnce()
        let subscriptions = try await h.store.subscriptions(practice: h.practice.id, phone: blocked)
        #expect(!subscriptions.twoWay && !subscriptions.reminders)
        let history = try await h.store.subscriptionHistory(practice: h.practice.id, phone: blocked)
        #expect(history.allSatisfy { $0.actor == "carrier" && $0.method == "carrier error 21610" })
        let reminders = try await h.store.messagesOutsideConversations(practice: h.practice.id)
        #expect(reminders.first?.deliveryState == .failed)
        #expect(reminders.first?.errorCode == 21610)
    }
}
