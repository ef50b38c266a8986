import Foundation
import Testing
import TextingCore

/// R4, R5: which files staff may send and how they are announced, which inbound types are kept,
/// and media lists stored before attachments had a state.
@Suite("Media types (R4, R5)")
struct MediaTypeTests {
    @Test("R5: photos and videos get the photo/video text, PDFs the document text; the extension decides, any case")
    func outboundTypes() throws {
        for name in ["a.jpg", "a.JPEG", "a.png", "a.gif", "a.heic", "a.webp", "clip.mp4", "clip.MOV", "clip.3gp"] {
            #expect(try OutboundMediaType(fileName: name).kind == .photoVideo, "\(name)")
        }
        #expect(try OutboundMediaType(fileName: "x.mov").contentType == "video/quicktime")
        let pdf = try OutboundMediaType(fileName: "/tmp/Bella's record.PDF")
        #expect(pdf == OutboundMediaType(contentType: "application/pdf", kind: .document))
        #expect(pdf.linkText(fileName: "record.pdf", url: "https://x/m") == "You've got a new document! record.pdf https://x/m")
        #expect(try OutboundMediaType(fileName: "a.jpg").linkText(fileName: "a.jpg", url: "https://x/m")
            == "You've got a new photo/video message! https://x/m")
        for name in ["a.exe", "a.docx", "README", "a.", ".jpg.zip"] {
            #expect(throws: TextingError.self, "\(name)") { try OutboundMediaType(fileName: name) }
        }
        do {
            _ = try OutboundMediaType(fileName: "notes.txt")
            Issue.record("accepted .txt")
        } catch {
            #expect(error.code.rawValue == "attachment.unsupported_type")
            #expect(error.message == "notes.txt is a .txt file; attach photos, videos or PDFs (3gp, gif, heic, jpeg, jpg, mov, mp4, pdf, png, webp).")
        }
    }

    @Test("R4: the allowlist matches type/*, exact types and */*, ignoring case and parameters")
    func allowlist() throws {
        let standard = ContentTypeAllowlist.standard
        for type in ["image/jpeg", "IMAGE/PNG", "video/mp4", "audio/amr", "application/pdf", "text/vcard",
                     "text/plain; charset=utf-8"] {
            #expect(standard.allows(type), "\(type)")
        }
        for type in ["application/zip", "text/html", "application/pdfx", "image", "", "image/", "/jpeg", "text/x-vcard"] {
            #expect(!standard.allows(type), "\(type)")
        }
        #expect(try ContentTypeAllowlist(["*/*"]).allows("application/zip"))
        #expect(try ContentTypeAllowlist([" Image/* "]).patterns == ["image/*"])
        for bad in ["image", "*/jpeg", "image/*/x", "", "ima ge/*"] {
            #expect(throws: TextingError.self, "\(bad)") { try ContentTypeAllowlist([bad]) }
        }
        #expect(MediaFileExtension.forContentType("image/jpeg; q=1") == "jpg")
        #expect(MediaFileExtension.forContentType("application/x-unknown") == "bin")
    }

    @Test("R4: a media list stored before states existed reads as stored or pending; the new fields round-trip")
    func attachmentCodable() throws {
        let old = #"[{"contentType":"image/jpeg","sourceURL":"https://a/1"},{"contentType":"application/pdf","storedPath":"x.pdf","fileName":"x.pdf"}]"#
        let decoded = try JSONDecoder().decode([MediaAttachment].self, from: Data(old.utf8))
        #expect(decoded.map(\.state) == [.pending, .stored])
        #expect(decoded.allSatisfy { $0.id == nil && $0.failure == nil && $0.byteCount == nil })
        let current = MediaAttachment(contentType: "image/png", sourceURL: "https://a/2", id: "0123456789abcdef0123456789abcdef",
                                      state: .failed, failure: "too large", byteCount: nil)
        let again = try JSONDecoder().decode(MediaAttachment.self, from: try JSONEncoder().encode(current))
        #expect(again == current)
    }
}
