import Foundation
import Testing
import TextingCore
import TextingStore

/// R4, R5, D1: media rows are written in the message's transaction with fresh ids, and download
/// outcomes show on the message's media list.
@Suite("Store: media rows")
struct MediaRowTests {
    static func inbound(_ sid: String, media: [MediaAttachment], at date: Date = Date()) -> MessageDraft {
        MessageDraft(direction: .inbound, author: .client, body: "photo", carrierSID: sid, media: media, createdAt: date)
    }

    @Test("R4, D1: an inbound text's attachments get ids and pending rows in the same commit, due at once", arguments: StoreKind.allCases)
    func rowsWithTheMessage(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let phone = try PhoneNumber(parsing: "312-555-0142")
            let now = Date()
            let media = [MediaAttachment(contentType: "image/jpeg", sourceURL: "https://m/1"),
                         MediaAttachment(contentType: "video/mp4", sourceURL: "https://m/2")]
            let commit = try await store.commit(SessionBatch(
                practiceID: practice.id, phone: phone, messages: [Self.inbound("SM1", media: media, at: now)]))
            let messageID = try #require(commit.messageIDs.first)
            let message = try #require(try await store.message(messageID))
            #expect(message.media.count == 2)
            let ids = message.media.compactMap(\.id)
            #expect(ids.count == 2 && Set(ids).count == 2 && ids.allSatisfy(MediaIdentifier.isWellFormed))
            #expect(message.media.allSatisfy { $0.state == .pending })

            let due = try await store.dueMediaDownloads(now: now, limit: 10)
            #expect(due.map(\.id) == ids)
            #expect(due.first?.practiceID == practice.id && due.first?.direction == .inbound && due.first?.attempts == 0)
            #expect(try await store.dueMediaDownloads(now: now.addingTimeInterval(-1), limit: 10).isEmpty)

            // A duplicate webhook (R6) writes no second set of rows.
            let duplicate = try await store.commit(SessionBatch(
                practiceID: practice.id, phone: phone, messages: [Self.inbound("SM1", media: media, at: now)]))
            #expect(duplicate.duplicate)
            // Read past any claim lease: a store shared by several daemons hands each file to one
            // reader until its lease runs out.
            #expect(try await store.dueMediaDownloads(now: now.addingTimeInterval(StoreClock.pastAnyLease), limit: 10).count == 2)

            // Texts to a number of no practice keep their media too (D3).
            _ = try await store.storeOrphan(
                Self.inbound("SM2", media: [MediaAttachment(contentType: "image/gif", sourceURL: "https://m/3")], at: now),
                phone: phone, practiceNumber: try PhoneNumber(parsing: "800-555-1999"))
            let orphan = try #require(try await store.dueMediaDownloads(now: now, limit: 10).last)
            #expect(orphan.practiceID == nil && orphan.attachment.contentType == "image/gif")
        }
    }

    @Test("R4: retry, stored and failed outcomes update the row and the message; final states stay", arguments: StoreKind.allCases)
    func outcomes(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let practice = try await store.createPractice(try StoreFixtures.practice("800-555-1000"))
            let phone = try PhoneNumber(parsing: "312-555-0142")
            let now = Date()
            let commit = try await store.commit(SessionBatch(
                practiceID: practice.id, phone: phone, messages: [Self.inbound("SM3", media: [
                    MediaAttachment(contentType: "image/jpeg", sourceURL: "https://m/1"),
                    MediaAttachment(contentType: "application/zip", sourceURL: "https://m/2"),
                ], at: now)]))
            let messageID = try #require(commit.messageIDs.first)
            let ids = try #require(try await store.message(messageID)).media.compactMap(\.id)

            try await store.recordMediaDownload(ids[0], outcome: .retry(at: now.addingTimeInterval(60), error: "HTTP 500"))
            var first = try #require(try await store.media(ids[0]))
            #expect(first.attempts == 1 && first.attachment.state == .pending && first.attachment.failure == "HTTP 500")
            #expect(try await store.dueMediaDownloads(now: now, limit: 10).map(\.id) == [ids[1]])

            try await store.recordMediaDownload(ids[0], outcome: .stored(storedPath: "\(ids[0]).jpg", byteCount: 42, contentType: "image/jpeg"))
            try await store.recordMediaDownload(ids[1], outcome: .failed(reason: "not kept"))
            first = try #require(try await store.media(ids[0]))
            #expect(first.attempts == 2 && first.attachment.state == .stored && first.attachment.failure == nil)
            let listed = try #require(try await store.message(messageID)).media
            #expect(listed.map(\.state) == [.stored, .failed])
            #expect(listed[0].storedPath == "\(ids[0]).jpg" && listed[0].byteCount == 42)
            #expect(listed[1].failure == "not kept")

            // A late outcome never changes a final state.
            try await store.recordMediaDownload(ids[1], outcome: .stored(storedPath: "x", byteCount: 1, contentType: "image/png"))
            #expect(try await store.media(ids[1])?.attachment.state == .failed)
            #expect(try await store.dueMediaDownloads(now: now.addingTimeInterval(3_600), limit: 10).isEmpty)
            #expect(try await store.media(MediaIdentifier.random()) == nil)
        }
    }
}

extension MediaRowTests {
}
