import Control
import Daemon
import Foundation
import Routing
import TextingCore
import TextingStore
import Testing

/// R5: staff attach files through the control socket; the client gets a text with a signed,
/// expiring link served by the daemon.
@Suite("Outbound media (R5)")
struct OutboundMediaTests {
    /// A few hundred kilobytes of "PDF", so the upload takes several parts.
    static let pdf: [UInt8] = Array("%PDF-1.7 Bella's vaccine record\n".utf8) + (0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    static let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x42, count: 10_000)

    /// The link at the end of a text.
    static func link(in text: String) throws -> String {
        let last = text.split(separator: " ").last.map(String.init)
        return try #require(last.flatMap { $0.hasPrefix(MediaControlHarness.publicURL) ? $0 : nil })
    }

    @Test("R5: a PDF goes out after the staff's text as its name and a link; the link serves the bytes until it expires")
    func pdfLink() async throws {
        let harness = try await MediaControlHarness()
        defer { harness.remove() }
        let practice = try await harness.onboardedPractice()
        let client = ControlHarness.client(40)
        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Dr. Alice", to: client, firstName: "Sarah", lastName: "Connor", title: "Records"))

        let upload = try await harness.upload(Self.pdf, as: "/home/alice/Bella vaccine record.pdf", practice: practice.id)
        let reply = try await harness.call(ConversationReplyCommand(
            practice: practice.id, staff: "Dr. Alice", conversation: started.conversation,
            message: "Here is Bella's vaccine record.", attachments: [upload]))
        #expect(reply.messages?.count == 2)
        #expect(reply.message == reply.messages?.first)

        try await harness.deliver()
        let inbox = try await harness.inbox(client)
        #expect(inbox.count == 2)
        #expect(inbox.first == "Here is Bella's vaccine record.")
        let text = try #require(inbox.last)
        let link = try Self.link(in: text)
        #expect(text == "You've got a new document! Bella vaccine record.pdf \(link)")
        #expect(text == Replies.pdfLink(fileName: "Bella vaccine record.pdf", url: link))

        // The link: <publicURL>/media/<32 hex>?e=<now + 30 days>&s=<27 base64url>.
        let components = try #require(URLComponents(string: link))
        let id = String(components.path.dropFirst("/media/".count))
        #expect(MediaIdentifier.isWellFormed(id))
        let expiry = try #require(components.queryItems?.first { $0.name == "e" }?.value.flatMap(Int64.init))
        #expect(expiry == Int64(ControlHarness.wednesdayMorning.timeIntervalSince1970) + 30 * 86_400)
        #expect(components.queryItems?.first { $0.name == "s" }?.value?.count == 27)

        // Through the real route handler: the same bytes, as a PDF shown inline with its name.
        let served = await harness.fetch(link)
        #expect(served.status == 200)
        #expect(served.body == Self.pdf)
        #expect(served.headers["Content-Type"] == "application/pdf")
        #expect(served.headers["Content-Disposition"]
            == #"inline; filename="Bella vaccine record.pdf"; filename*=UTF-8''Bella%20vaccine%20record.pdf"#)
        let head = await harness.fetch(link, method: "HEAD")
        #expect(head.status == 200)

        // Staff see the file on the link message.
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: started.conversation))
        let media = try #require(shown.messages.last?.media.first)
        #expect(media.fileName == "Bella vaccine record.pdf")
        #expect(media.contentType == "application/pdf")
        #expect(media.stored && media.state == "stored")
        #expect(media.byteCount == Self.pdf.count)
        #expect(media.id == id)
        #expect(shown.messages.map(\.body) == ["Here is Bella's vaccine record.", text])

        // A second before expiry it works; at expiry it is gone (410), never a 5xx.
        harness.clock.set(Date(timeIntervalSince1970: TimeInterval(expiry - 1)))
        #expect(await harness.fetch(link).status == 200)
        harness.clock.set(Date(timeIntervalSince1970: TimeInterval(expiry)))
        let expired = await harness.fetch(link)
        #expect(expired.status == 410)
        #expect(expired.bodyText.contains("media.link_expired"))
    }

    @Test("R5: a photo alone is exactly the photo/video text with its link, served as an image")
    func photoLink() async throws {
        let harness = try await MediaControlHarness()
        defer { harness.remove() }
        let practice = try await harness.onboardedPractice()
        let client = ControlHarness.client(41)
        let upload = try await harness.upload(Self.photo, as: "bella.JPG", practice: practice.id)
        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: client, firstName: "Pat", lastName: "Lee", title: "X-ray",
            attachments: [upload]))
        #expect(started.message != nil)
        try await harness.deliver()
        let inbox = try await harness.inbox(client)
        #expect(inbox.count == 1)
        let link = try Self.link(in: try #require(inbox.first))
        #expect(inbox == ["You've got a new photo/video message! \(link)"])
        let served = await harness.fetch(link)
        #expect(served.status == 200)
        #expect(served.body == Self.photo)
        #expect(served.headers["Content-Type"] == "image/jpeg")
        #expect(served.headers["Content-Disposition"] == nil)
        #expect(served.headers["Content-Security-Policy"] == "sandbox")
        // Sent once: the upload is forgotten.
        #expect(harness.library.uploads.count == 0)
    }

    @Test("R5: a tampered signature, expiry or id, an unknown id and malformed links are 404, never a 5xx")
    func forgedLinks() async throws {
        let harness = try await MediaControlHarness()
        defer { harness.remove() }
        let practice = try await harness.onboardedPractice()
        let client = ControlHarness.client(42)
        let upload = try await harness.upload(Self.photo, as: "rash.png", practice: practice.id)
        _ = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: client, firstName: "Pat", lastName: "Lee", title: "Rash",
            attachments: [upload]))
        try await harness.deliver()
        let link = try Self.link(in: try #require(try await harness.inbox(client).first))
        #expect(await harness.fetch(link).status == 200)

        let components = try #require(URLComponents(string: link))
        let id = String(components.path.dropFirst("/media/".count))
        let expiry = try #require(components.queryItems?.first { $0.name == "e" }?.value)
        let expirySeconds = try #require(Int64(expiry))
        let signature = try #require(components.queryItems?.first { $0.name == "s" }?.value)
        let base = MediaControlHarness.publicURL
        let flipped = String(signature.dropLast()) + (signature.hasSuffix("A") ? "B" : "A")
        let otherID = String(id.dropLast()) + (id.hasSuffix("0") ? "1" : "0")
        let signer = MediaLinkSigner(key: MediaControlHarness.key)
        let unknown = MediaIdentifier.random()
        let forged = [
            "\(base)/media/\(id)?e=\(expiry)&s=\(flipped)",                             // tampered signature
            "\(base)/media/\(id)?e=\(expirySeconds + 86_400)&s=\(signature)",          // extended expiry
            "\(base)/media/\(otherID)?e=\(expiry)&s=\(signature)",                      // another id
            "\(base)/media/\(unknown)?e=\(expiry)&s=\(signer.signature(id: unknown, expiry: expirySeconds))",  // unknown id, validly signed
            "\(base)/media/\(id)?e=\(expiry)",                                          // no signature
            "\(base)/media/\(id)",                                                      // no query
            "\(base)/media/\(id)?e=0\(expiry)&s=\(signature)",                          // expiry not canonical
            "\(base)/media/../twowayd.sqlite?e=\(expiry)&s=\(signature)",               // path games
            "\(base)/media/?e=%zz&s=",                                                  // malformed query
            "\(base)/media/\(id.uppercased())?e=\(expiry)&s=\(signature)",
        ]
        for link in forged {
            let response = await harness.fetch(link)
            #expect(response.status == 404, "\(link)")
            #expect(response.bodyText.contains("media.not_found"), "\(link)")
        }
        #expect(await harness.fetch(link, method: "POST").status == 405)
    }

    @Test("R5: refusals: a type not allowed, a file too large, an unknown upload; a refused message keeps no file")
    func refusals() async throws {
        let harness = try await MediaControlHarness(maxBytes: 50_000)
        defer { harness.remove() }
        let practice = try await harness.onboardedPractice()
        let started = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: ControlHarness.client(43), firstName: "Pat", lastName: "Lee", title: "Meds"))

        let exe = await harness.refusal(MediaUploadCommand(practice: practice.id, fileName: "invoice.exe", data: "AAAA"))
        #expect(exe.code == "attachment.unsupported_type")
        #expect(exe.message.contains("invoice.exe is a .exe file"))
        let bare = await harness.refusal(MediaUploadCommand(practice: practice.id, fileName: "README", data: "AAAA"))
        #expect(bare.code == "attachment.unsupported_type")

        let announced = await harness.refusal(MediaUploadCommand(
            practice: practice.id, fileName: "scan.pdf", totalBytes: 80_000, data: ""))
        #expect(announced.code == "attachment.too_large")
        #expect(announced.message == "scan.pdf is 80 KB; attachments may be at most 50 KB.")
        let unannounced = await harness.refusal(MediaUploadCommand(
            practice: practice.id, fileName: "scan.pdf", data: Data(count: 60_000).base64EncodedString()))
        #expect(unannounced.code == "attachment.too_large")

        let unknown = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: "See attached",
            attachments: [MediaIdentifier.random()]))
        #expect(unknown.code == "attachment.not_found")
        let notBase64 = await harness.refusal(MediaUploadCommand(practice: practice.id, fileName: "a.pdf", data: "***"))
        #expect(notBase64.code == ControlErrorCode.badArguments)

        // An open upload cannot be attached before its last part.
        let open = try await harness.call(MediaUploadCommand(
            practice: practice.id, fileName: "xray.png", data: Data(Self.photo.prefix(100)).base64EncodedString(), more: true))
        #expect(!open.complete)
        let incomplete = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: nil, attachments: [open.upload]))
        #expect(incomplete.code == "attachment.incomplete")

        // S7 refuses the text: nothing is sent, the file is removed, the upload can be used again.
        let upload = try await harness.upload(Self.photo, as: "xray.jpg", practice: practice.id)
        let blocked = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: "Try CBD oil", attachments: [upload]))
        #expect(blocked.code == "policy.blocked")
        #expect(try harness.storedFiles().isEmpty)
        let sent = try await harness.call(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: nil, attachments: [upload]))
        #expect(sent.messages?.count == 1)
        #expect(try harness.storedFiles().count == 1)
        // No text and no file: refused as before.
        let empty = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: " "))
        #expect(empty.code == ControlErrorCode.badArguments)
        // A PDF's name is the staff's words too (S7).
        let named = try await harness.upload(Array("%PDF".utf8), as: "cbd dosing.pdf", practice: practice.id)
        let blockedName = await harness.refusal(ConversationReplyCommand(
            practice: practice.id, staff: "Bob", conversation: started.conversation, message: nil, attachments: [named]))
        #expect(blockedName.code == "policy.blocked")
    }

    @Test("R4: inbound media are listed with the message: pending, then stored with a link staff can open")
    func inboundListed() async throws {
        let harness = try await MediaControlHarness()
        defer { harness.remove() }
        let practice = try await harness.onboardedPractice()
        let texting = try #require(practice.number.number)
        let number = try #require(PhoneNumber(e164: texting))
        let client = try PhoneNumber(parsing: ControlHarness.client(44))
        _ = try await harness.router.dispatch(InboundText(
            from: client, to: number, body: "Look at this", carrierSID: "SMinboundmedia",
            media: [MediaAttachment(contentType: "image/jpeg", sourceURL: "https://api.example.com/Media/ME1")]))
        let conversation = try #require(try await harness.call(ConversationListCommand(practice: practice.id)).conversations.first)
        var shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: conversation.id))
        let pending = try #require(shown.messages.first?.media.first)
        #expect(pending.state == "pending" && !pending.stored && pending.url == nil)

        let id = try #require(pending.id)
        let name = try harness.files.write(Self.photo, id: id, contentType: "image/jpeg")
        try await harness.store.recordMediaDownload(
            id, outcome: .stored(storedPath: name, byteCount: Self.photo.count, contentType: "image/jpeg"))
        shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: conversation.id))
        let stored = try #require(shown.messages.first?.media.first)
        #expect(stored.state == "stored" && stored.stored)
        let url = try #require(stored.url)
        #expect(await harness.fetch(url).body == Self.photo)
    }
}
