import Foundation
import Routing
import TextingCore
import TextingStore
import Testing

/// The live change feed (W3): order, practice scoping, resuming after a position, and what a
/// reader is told when it cannot resume.
@Suite struct ChangeFeedTests {
    static let practiceA = PracticeID(1)
    static let practiceB = PracticeID(2)

    static func message(_ id: Int64, _ practice: PracticeID = practiceA) -> Change {
        Change(.messageCreated, practice: practice, conversation: ConversationID(7), message: MessageID(id), direction: .inbound)
    }

    /// The next `count` events of `subscription`, skipping ticks; fails after 5 s.
    static func next(_ count: Int, of subscription: ChangeFeed.Subscription) async throws -> [ChangeFeed.Event] {
        try await withThrowingTaskGroup(of: [ChangeFeed.Event].self) { group in
            group.addTask {
                var events: [ChangeFeed.Event] = []
                while events.count < count {
                    let batch = await subscription.next()
                    if batch.isEmpty { break }
                    for case .event(let event) in batch { events.append(event) }
                }
                return events
            }
            group.addTask {
                try await Task.sleep(for: .seconds(5))
                throw CancellationError()
            }
            defer { group.cancelAll() }
            return try #require(try await group.next())
        }
    }

    @Test("W3: a reader gets its practice's changes in order, and none of another practice's")
    func orderAndScope() async throws {
        let feed = ChangeFeed()
        let a = feed.subscribe(practice: Self.practiceA, after: nil)
        let b = feed.subscribe(practice: Self.practiceB, after: nil)
        feed.publish([Self.message(1), Self.message(2, Self.practiceB), Self.message(3)])
        let seenByA = try await Self.next(2, of: a)
        #expect(seenByA.map(\.change.message) == [MessageID(1), MessageID(3)])
        #expect(seenByA.map(\.sequence) == [1, 3])
        let seenByB = try await Self.next(1, of: b)
        #expect(seenByB.map(\.change.message) == [MessageID(2)])
    }

    @Test("W3: resuming after a position replays every kept change after it, then follows live ones, without gaps or repeats")
    func resume() async throws {
        let feed = ChangeFeed(capacity: 100)
        feed.publish((1...5).map { Self.message($0) })
        let resumed = feed.subscribe(practice: Self.practiceA, after: .init(epoch: feed.epoch, sequence: 2))
        #expect(!resumed.isReset)
        #expect(resumed.replay.map(\.sequence) == [3, 4, 5])
        feed.publish([Self.message(6)])
        #expect(try await Self.next(1, of: resumed).map(\.sequence) == [6])

        let upToDate = feed.subscribe(practice: Self.practiceA, after: .init(epoch: feed.epoch, sequence: 6))
        #expect(!upToDate.isReset && upToDate.replay.isEmpty)
    }

    @Test("W3: a position older than what is kept, from another run, from the future or unreadable asks the reader to reload",
          arguments: ["old", "epoch", "future"])
    func reset(_ kind: String) async throws {
        let feed = ChangeFeed(capacity: 3)
        feed.publish((1...10).map { Self.message($0) })
        let position: ChangeFeed.Position = switch kind {
        case "old": .init(epoch: feed.epoch, sequence: 1)
        case "epoch": .init(epoch: feed.epoch + "x", sequence: 9)
        default: .init(epoch: feed.epoch, sequence: 99)
        }
        let subscription = feed.subscribe(practice: Self.practiceA, after: position)
        #expect(subscription.isReset)
        #expect(subscription.replay.isEmpty)
        // Still follows what comes next.
        feed.publish([Self.message(11)])
        #expect(try await Self.next(1, of: subscription).map(\.change.message) == [MessageID(11)])
    }

    @Test("W3: the newest kept change can still be resumed after trimming")
    func keptWindow() throws {
        let feed = ChangeFeed(capacity: 3)
        feed.publish((1...10).map { Self.message($0) })
        // At least the last `capacity` changes are kept.
        let subscription = feed.subscribe(practice: Self.practiceA, after: .init(epoch: feed.epoch, sequence: 7))
        #expect(!subscription.isReset)
        #expect(subscription.replay.map(\.sequence) == [8, 9, 10])
    }

    @Test("Event ids parse back to positions; anything else is not a position")
    func positions() {
        #expect(ChangeFeed.Position("k3x9-42") == .init(epoch: "k3x9", sequence: 42))
        for bad in ["", "42", "-42", "abc-", "abc-x", "a b-1", "abc-18446744073709551616", String(repeating: "a", count: 80) + "-1", "é-1"] {
            #expect(ChangeFeed.Position(bad) == nil, "\(bad)")
        }
    }

    @Test("A reader that falls too far behind has its stream ended instead of holding changes without bound")
    func slowReader() async throws {
        let feed = ChangeFeed(perReaderBuffer: 4)
        let slow = feed.subscribe(practice: Self.practiceA, after: nil)
        #expect(feed.readerCount == 1)
        feed.publish((1...10).map { Self.message($0) })
        #expect(feed.readerCount == 0)
        var received = 0
        while true {
            let batch = await slow.next()
            if batch.isEmpty { break }
            for case .event in batch { received += 1 }
        }
        #expect(received == 4)
        // It resumes from where it stopped.
        let again = feed.subscribe(practice: Self.practiceA, after: .init(epoch: feed.epoch, sequence: 4))
        #expect(again.replay.map(\.sequence) == Array(5...10))
    }

    @Test("A reader that ends is forgotten, and its next() answers empty")
    func readerGoes() async throws {
        let feed = ChangeFeed(tickInterval: .milliseconds(20))
        let subscription = feed.subscribe(practice: Self.practiceA, after: nil)
        #expect(await subscription.next() == [.tick])
        subscription.end()
        #expect(feed.readerCount == 0)
        #expect(await subscription.next().isEmpty)
    }

    @Test("Changes that come while a reader is busy reach it as one batch, in order")
    func batches() async throws {
        let feed = ChangeFeed()
        let subscription = feed.subscribe(practice: Self.practiceA, after: nil)
        feed.publish((1...5).map { Self.message($0) })
        feed.publish([Self.message(6)])
        let batch = await subscription.next()
        #expect(batch.count == 6)
        #expect(batch.compactMap { if case .event(let event) = $0 { event.sequence } else { nil } } == Array(UInt64(1)...6))
    }
}

/// What the router announces as sessions commit (W3).
@Suite struct RouterChangeTests {
    @Test("W3: an inbound text announces the conversation it opened and the message; ending announces the end; STOP announces the subscription change")
    func sessionChanges() async throws {
        let h = try await RoutingHarness.make()
        let subscription = h.router.events.subscribe(practice: h.practice.id, after: nil)
        let client = RoutingHarness.client(41)
        let first = try await h.text("Is Rex ready?", from: client)
        let conversation = try #require(first.conversationID)
        try await h.router.endConversation(conversation)
        _ = try await h.text("STOP", from: client)

        let kept = h.router.events.subscribe(practice: h.practice.id, after: .init(epoch: h.router.events.epoch, sequence: 0))
        let kinds = kept.replay.map(\.change.kind)
        // The first text: opened, then its message and the automatic replies it caused.
        #expect(kinds.first == .conversationOpened)
        #expect(kept.replay.first?.change.conversation == conversation)
        let inbound = kept.replay.first { $0.change.kind == .messageCreated && $0.change.direction == .inbound }
        #expect(inbound?.change.message == first.messageID)
        #expect(inbound?.change.conversation == conversation)
        #expect(kept.replay.contains { $0.change.kind == .conversationEnded && $0.change.conversation == conversation })
        let stop = try #require(kept.replay.last { $0.change.kind == .subscriptionChanged })
        #expect(stop.change.phone == client)
        // Sequence numbers are contiguous in commit order.
        #expect(kept.replay.map(\.sequence) == Array(1...UInt64(kept.replay.count)))
        // The live reader saw the same, in the same order.
        let live = try await ChangeFeedTests.next(kept.replay.count, of: subscription)
        #expect(live == kept.replay)
    }

    @Test("W3: marking a conversation read is announced with the message it was read through")
    func readMark() async throws {
        let h = try await RoutingHarness.make()
        let outcome = try await h.text("Is Rex ready?", from: RoutingHarness.client(43))
        let conversation = try #require(outcome.conversationID)
        let message = try #require(outcome.messageID)
        let subscription = h.router.events.subscribe(practice: h.practice.id, after: nil)
        _ = try await h.router.markRead(conversation: conversation, practice: h.practice.id, through: message)
        let events = try await ChangeFeedTests.next(1, of: subscription)
        #expect(events.first?.change.kind == .conversationRead)
        #expect(events.first?.change.conversation == conversation)
        #expect(events.first?.change.message == message)
    }

    @Test("W3: a delivery status that moves a message forward is announced with its conversation; a repeat is not")
    func deliveryStatus() async throws {
        let h = try await RoutingHarness.make()
        let client = RoutingHarness.client(42)
        let started = try await h.router.startConversation(
            practice: h.practice.id, phone: client, title: "Rex", firstMessage: "Rex is ready.", staff: "Dana")
        let message = try #require(started.messageID)
        let due = try await h.store.dueOutbox(now: h.clock.now(), perSender: 10, excluding: [], skipping: [])
        let item = try #require(due.items.first { $0.messageID == message })
        #expect(try await h.store.markSending(item))
        try await h.store.recordSend(item, outcome: .accepted(carrierSID: "SMfeed1", state: .sent))
        let subscription = h.router.events.subscribe(practice: h.practice.id, after: nil)
        let changed = try await h.router.recordDeliveryStatus(carrierSID: "SMfeed1", state: .delivered, errorCode: nil)
        #expect(changed?.deliveryState == .delivered)
        #expect(try await h.router.recordDeliveryStatus(carrierSID: "SMfeed1", state: .delivered, errorCode: nil) == nil)
        let events = try await ChangeFeedTests.next(1, of: subscription)
        #expect(events.first?.change.kind == .messageStatusChanged)
        #expect(events.first?.change.message == message)
        #expect(events.first?.change.conversation == started.conversationID)
        #expect(events.first?.change.state == .delivered)
        #expect(h.router.events.subscribe(practice: h.practice.id, after: .init(epoch: h.router.events.epoch, sequence: events[0].sequence)).replay.isEmpty)
    }
}
