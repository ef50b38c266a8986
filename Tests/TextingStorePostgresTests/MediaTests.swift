import Foundation
import PostgresNIO
import Testing
import TextingCore
import TextingStore
@testable import TextingStorePostgres

/// Media rows on PostgreSQL (issue 14, R4, R5, M1): written with their message, and each pending
/// file handed to one daemon at a time until its lease runs out or its attempt is recorded.
@Suite("PostgresStore: media rows")
struct MediaTests {
    static let start = SessionTests.start

    static func commitPhotos(_ store: PostgresStore, _ practice: PracticeID, sid: String, count: Int) async throws
        -> (MessageID, [String]) {
        let media = (0..<count).map { MediaAttachment(contentType: "image/jpeg", sourceURL: "https://m/\(sid)/\($0)") }
        let commit = try await store.commit(SessionBatch(
            practiceID: practice, phone: SessionTests.phone,
            messages: [SessionTests.inbound(sid, body: "photos", at: start, media: media)]))
        let message = try #require(commit.messageIDs.first)
        let text = try await store.client.withConnection { connection in
            try await connection.query("SELECT media_json FROM message WHERE id = \(message.rawValue)", logger: store.logger)
                .single(String.self)
        }
        let listed = try #require(try StoredJSON.decode([MediaAttachment].self, text))
        return (message, listed.compactMap(\.id))
    }

    @Test("R4, D1, M1: of two daemons asking at once each file goes to one only, and again after its lease ran out")
    func claimedByOneDaemon() async throws {
        try await SessionTests.withTwoDaemons { first, second, practice in
            let (_, ids) = try await Self.commitPhotos(first, practice, sid: "SM1", count: 6)
            #expect(ids.count == 6 && Set(ids).count == 6 && ids.allSatisfy(MediaIdentifier.isWellFormed))
            #expect(try await first.dueMediaDownloads(now: Self.start.addingTimeInterval(-1), limit: 10).isEmpty)

            async let a = first.dueMediaDownloads(now: Self.start, limit: 4)
            async let b = second.dueMediaDownloads(now: Self.start, limit: 4)
            let (one, two) = try await (a, b)
            #expect(Set(one.map(\.id)).isDisjoint(with: two.map(\.id)))
            #expect(Set(one.map(\.id) + two.map(\.id)) == Set(ids))
            #expect((one + two).allSatisfy { $0.attachment.state == .pending && $0.practiceID == practice })

            // Within the lease nobody gets them again; after it (the daemon died) they come back.
            let lease = PostgresStore.claimLease.inSeconds
            #expect(try await second.dueMediaDownloads(now: Self.start.addingTimeInterval(lease - 1), limit: 10).isEmpty)
            let again = try await second.dueMediaDownloads(now: Self.start.addingTimeInterval(lease), limit: 10)
            #expect(again.map(\.id) == ids)  // in the order the files were stored
        }
    }

    @Test("R4: an attempt recorded clears the claim; retry, stored and failed show on the message; final states stay")
    func outcomes() async throws {
        try await SessionTests.withTwoDaemons { store, other, practice in
            let (message, ids) = try await Self.commitPhotos(store, practice, sid: "SM3", count: 2)
            #expect(try await store.dueMediaDownloads(now: Self.start, limit: 10).map(\.id) == ids)

            let retryAt = Self.start.addingTimeInterval(60)
            try await store.recordMediaDownload(ids[0], outcome: .retry(at: retryAt, error: "HTTP 500"))
            let first = try #require(try await store.media(ids[0]))
            #expect(first.attempts == 1 && first.attachment.state == .pending && first.attachment.failure == "HTTP 500")
            #expect(first.nextAttemptAt == retryAt)
            // Its claim ended with the attempt: due again at its retry time, before the lease would end.
            #expect(try await other.dueMediaDownloads(now: retryAt, limit: 10).map(\.id) == [ids[0]])

            try await other.recordMediaDownload(ids[0], outcome: .stored(storedPath: "\(ids[0]).jpg", byteCount: 42,
                                                                         contentType: "image/png"))
            try await store.recordMediaDownload(ids[1], outcome: .failed(reason: "not kept"))
            let stored = try #require(try await store.media(ids[0]))
            #expect(stored.attempts == 2 && stored.attachment.state == .stored && stored.attachment.failure == nil)
            #expect(stored.attachment.byteCount == 42 && stored.attachment.contentType == "image/png")
            let text = try await store.client.withConnection { connection in
                try await connection.query("SELECT media_json FROM message WHERE id = \(message.rawValue)", logger: store.logger)
                    .single(String.self)
            }
            let listed = try #require(try StoredJSON.decode([MediaAttachment].self, text))
            #expect(listed.map(\.state) == [.stored, .failed])
            #expect(listed[0].storedPath == "\(ids[0]).jpg" && listed[1].failure == "not kept")

            // A late outcome of a duplicate attempt never changes a final state.
            try await store.recordMediaDownload(ids[1], outcome: .stored(storedPath: "x", byteCount: 1, contentType: "image/png"))
            #expect(try await store.media(ids[1])?.attachment.state == .failed)
            #expect(try await store.dueMediaDownloads(now: Self.start.addingTimeInterval(3_600), limit: 10).isEmpty)
            #expect(try await store.media(MediaIdentifier.random()) == nil)
        }
    }

    @Test("R4, D3: a text to a number of no practice keeps its media rows")
    func orphanMedia() async throws {
        try await SessionTests.withTwoDaemons { store, _, _ in
            let draft = SessionTests.inbound("SMo", media: [MediaAttachment(contentType: "image/gif", sourceURL: "https://m/o")])
            #expect(try await store.storeOrphan(draft, phone: SessionTests.phone,
                                                practiceNumber: PhoneNumber(e164: "+18005551999")!))  // valid literal
            let due = try await store.dueMediaDownloads(now: Self.start, limit: 10)
            #expect(due.count == 1 && due.first?.practiceID == nil && due.first?.attachment.contentType == "image/gif")
        }
    }
}
