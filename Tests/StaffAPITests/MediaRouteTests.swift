import Control
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import TextingCore
import Testing

/// Uploads and stored files over the API (R4, R5, W2).
@Suite struct MediaRouteTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 600) + [0xFF, 0xD9]

    static func upload(
        _ client: some TestClientProtocol, _ session: SignedIn, name: String, type: String, bytes: [UInt8], csrf: Bool = true
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.cookie: session.cookie, .contentType: type, .init("X-File-Name")!: name]
        if csrf { headers[.init("X-CSRF-Token")!] = session.csrfToken }
        return try await client.execute(uri: "/api/v1/uploads", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    @Test("R5: a photo uploaded as the raw body is attached to a reply by its id and sent as its own link text")
    func uploadThenReply() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        let conversation = try await testbed.startConversation(practice: testbed.practiceA, phone: "+13125552070", title: "Bella")
        try await testbed.test { client in
            let session = try await client.signedIn("sam")
            let uploaded = try await Self.upload(client, session, name: "x%20ray.jpg", type: "image/jpeg", bytes: Self.jpeg)
            #expect(uploaded.status == .created)
            #expect(uploaded.json["fileName"] as? String == "x ray.jpg")
            #expect(uploaded.json["contentType"] as? String == "image/jpeg")
            #expect(uploaded.json["receivedBytes"] as? Int == Self.jpeg.count)
            #expect(uploaded.json["complete"] as? Bool == true)
            let id = try #require(uploaded.json["upload"] as? String)

            let reply = try await client.call(
                .post, "/api/v1/conversations/\(conversation)/messages", session,
                #"{"message": "Here is the x-ray.", "attachments": ["\#(id)"]}"#)
            #expect(reply.status == .created)
            #expect((reply.json["messages"] as? [Any])?.count == 2)

            let thread = try await client.call(.get, "/api/v1/conversations/\(conversation)", session)
            let messages = try #require(thread.json["messages"] as? [[String: Any]])
            #expect(messages.contains { ($0["body"] as? String)?.hasPrefix("You've got a new photo/video message! ") == true })
            let media = messages.flatMap { ($0["media"] as? [[String: Any]]) ?? [] }
            let fileID = try #require(media.first?["id"] as? String)

            // The page shows the stored photo inline, with its type.
            let file = try await client.call(.get, "/api/v1/media/\(fileID)", session)
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "image/jpeg")
            #expect(file.headers[.contentDisposition]?.hasPrefix("inline; filename=\"x ray.jpg\"") == true)
            #expect(file.headers[.xContentTypeOptions] == "nosniff")
            #expect(Array(file.body.readableBytesView) == Self.jpeg)

            // An upload is attached once.
            let again = try await client.call(
                .post, "/api/v1/conversations/\(conversation)/messages", session, #"{"attachments": ["\#(id)"]}"#)
            #expect(again.status == .notFound)
            #expect(again.errorCode == "attachment.not_found")
        }
    }

    @Test("R5: a type other than photos, MP4 and PDF, a type that does not match the name, a missing name and a file over the limit are refused")
    func uploadRefusals() async throws {
        let testbed = try await StaffAPITestbed(maxUploadBytes: 1_000)
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let session = try await client.signedIn("sam")
            let html = try await Self.upload(client, session, name: "page.html", type: "text/html", bytes: Array("<p>".utf8))
            #expect(html.status == .badRequest)
            #expect(html.errorCode == "attachment.unsupported_type")
            let mismatch = try await Self.upload(client, session, name: "notes.pdf", type: "image/png", bytes: Self.jpeg)
            #expect(mismatch.errorCode == "attachment.unsupported_type")
            let heic = try await Self.upload(client, session, name: "cat.heic", type: "image/heic", bytes: Self.jpeg)
            #expect(heic.errorCode == "attachment.unsupported_type")
            let unnamed = try await Self.upload(client, session, name: "", type: "image/jpeg", bytes: Self.jpeg)
            #expect(unnamed.status == .badRequest)
            let large = try await Self.upload(client, session, name: "big.jpg", type: "image/jpeg", bytes: Array(repeating: 1, count: 1_001))
            #expect(large.status == .contentTooLarge)
            #expect(large.errorCode == "attachment.too_large")
            let empty = try await Self.upload(client, session, name: "empty.pdf", type: "application/pdf", bytes: [])
            #expect(empty.errorCode == "attachment.empty")
            let noToken = try await Self.upload(client, session, name: "ok.jpg", type: "image/jpeg", bytes: Self.jpeg, csrf: false)
            #expect(noToken.status == .forbidden)
            #expect(noToken.errorCode == "auth.csrf")
            let fits = try await Self.upload(client, session, name: "ok.jpg", type: "image/jpeg; charset=binary", bytes: Self.jpeg)
            #expect(fits.status == .created)
        }
    }

    @Test("R4, W2: a stored file is served to its own practice only; practice B's file is 404 for A, exactly like an unknown id")
    func otherPracticesFileIsNotFound() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("alice", practice: testbed.practiceA)
        try await testbed.addAccount("bob", practice: testbed.practiceB)
        let theirs = try await testbed.storedFile(practice: testbed.practiceB, phone: "+13125552071", name: "Rex records.pdf")
        try await testbed.test { client in
            let alice = try await client.signedIn("alice")
            let forA = try await client.call(.get, "/api/v1/media/\(theirs)", alice)
            #expect(forA.status == .notFound)
            #expect(forA.errorCode == "media.not_found")
            let unknown = try await client.call(.get, "/api/v1/media/\(String(repeating: "0", count: 32))", alice)
            #expect(unknown.status == forA.status)
            #expect(unknown.errorCode == forA.errorCode)
            #expect((unknown.json["error"] as? [String: Any])?["message"] as? String
                == (forA.json["error"] as? [String: Any])?["message"] as? String)
            let garbage = try await client.call(.get, "/api/v1/media/..%2F..%2Fetc%2Fpasswd", alice)
            #expect(garbage.status == .notFound)

            let bob = try await client.signedIn("bob")
            let forB = try await client.call(.get, "/api/v1/media/\(theirs)", bob)
            #expect(forB.status == .ok)
            #expect(forB.headers[.contentType] == "application/pdf")
            #expect(forB.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"Rex records.pdf\"") == true)
            #expect(forB.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            #expect(forB.bodyText == "%PDF-1.4 test")
        }
    }
}
