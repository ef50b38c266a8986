import Foundation
import Synchronization
import TextingCore
import TextingStore

/// Files staff are sending (R5), held in memory between `media.upload` and the
/// `conversation.reply`/`conversation.start` that attaches them.
///
/// A control request line is at most 1 MiB, so a file arrives in parts (base64), each naming the
/// upload the first part opened. The name's extension must be one of ``OutboundMediaType``'s and
/// the total at most ``MediaSettings/maxBytes``; both are checked as early as possible (the name
/// and the announced size on the first part). A finished upload waits ``lifetime`` for its
/// message, is used by one practice only, and is forgotten once sent or when the daemon stops.
public final class MediaUploads: Sendable {
    /// One upload.
    public struct Upload: Sendable, Hashable {
        /// A random 128-bit id.
        public var id: String
        public var practice: PracticeID
        /// The file's name as staff gave it (no folder part), shown to PDF recipients.
        public var fileName: String
        public var type: OutboundMediaType
        public var bytes: [UInt8]
        /// The last part arrived.
        public var complete: Bool
        var touchedAt: Date
    }

    /// How long an upload waits, after its last part, for the message that attaches it.
    public static let lifetime: TimeInterval = 15 * 60
    /// The most all uploads together may hold, in bytes.
    public static let maxStagedBytes = 64 * 1_048_576
    /// The most uploads held at once.
    public static let maxUploads = 256
    /// The longest file name kept, in characters.
    static let maxFileNameLength = 120

    private let uploads = Mutex<[String: Upload]>([:])

    public init() {}

    /// Opens an upload of `fileName` for `practice`.
    ///
    /// - Parameter totalBytes: the size the client announces, refused at once when too large.
    /// - Throws: `attachment.invalid_name`, `attachment.unsupported_type`, `attachment.too_large`,
    ///   `attachment.busy` (too many uploads held).
    public func begin(
        practice: PracticeID, fileName: String, totalBytes: Int?, maxBytes: Int, now: Date
    ) throws(TextingError) -> String {
        let name = try Self.cleanFileName(fileName)
        let type = try OutboundMediaType(fileName: name)
        if let totalBytes, totalBytes > maxBytes { throw Self.tooLarge(name, totalBytes, maxBytes) }
        let id = MediaIdentifier.random()
        let opened = uploads.withLock { uploads in
            Self.forgetExpired(&uploads, now: now)
            guard uploads.count < Self.maxUploads else { return false }
            uploads[id] = Upload(id: id, practice: practice, fileName: name, type: type, bytes: [], complete: false,
                                 touchedAt: now)
            return true
        }
        guard opened else { throw Self.busy }
        return id
    }

    /// Adds `bytes` to the open upload `id`; `last` finishes it.
    ///
    /// - Throws: `attachment.not_found` (unknown, expired, finished or another practice's upload),
    ///   `attachment.too_large` or `attachment.empty` (the upload is then forgotten),
    ///   `attachment.busy` (the daemon holds too many uploads right now).
    public func append(
        id: String, practice: PracticeID, bytes: [UInt8], last: Bool, maxBytes: Int, now: Date
    ) throws(TextingError) -> Upload {
        let result: Result<Upload, TextingError> = uploads.withLock { uploads in
            Self.forgetExpired(&uploads, now: now)
            guard var upload = uploads[id], upload.practice == practice, !upload.complete else {
                return .failure(Self.notFound(id))
            }
            if upload.bytes.count + bytes.count > maxBytes {
                uploads[id] = nil
                return .failure(Self.tooLarge(upload.fileName, upload.bytes.count + bytes.count, maxBytes))
            }
            let held = uploads.values.reduce(0) { $0 + $1.bytes.count }
            if held + bytes.count > Self.maxStagedBytes { return .failure(Self.busy) }
            if last && upload.bytes.isEmpty && bytes.isEmpty {
                uploads[id] = nil
                return .failure(TextingError(.init("attachment.empty"), "\(upload.fileName) is empty; there is nothing to send."))
            }
            upload.bytes += bytes
            upload.complete = last
            upload.touchedAt = now
            uploads[id] = upload
            return .success(upload)
        }
        return try result.get()
    }

    /// The finished uploads `ids` of `practice`, in order, left in place (see ``remove(_:)``).
    ///
    /// - Throws: `attachment.not_found` for an unknown, expired or other practice's upload;
    ///   `attachment.incomplete` for one whose last part has not arrived.
    public func completed(_ ids: [String], practice: PracticeID, now: Date) throws(TextingError) -> [Upload] {
        let result: Result<[Upload], TextingError> = uploads.withLock { uploads in
            Self.forgetExpired(&uploads, now: now)
            var found: [Upload] = []
            for id in ids {
                guard let upload = uploads[id], upload.practice == practice else { return .failure(Self.notFound(id)) }
                guard upload.complete else {
                    return .failure(TextingError(.init("attachment.incomplete"),
                                                 "The upload of \(upload.fileName) is not finished; send its last part first."))
                }
                found.append(upload)
            }
            return .success(found)
        }
        return try result.get()
    }

    /// Forgets the uploads `ids` (sent).
    public func remove(_ ids: [String]) {
        uploads.withLock { uploads in
            for id in ids { uploads[id] = nil }
        }
    }

    /// How many uploads are held (for tests and status).
    public var count: Int { uploads.withLock { $0.count } }

    /// `fileName` without a folder part or control characters, shortened to
    /// ``maxFileNameLength`` characters (keeping its extension).
    static func cleanFileName(_ fileName: String) throws(TextingError) -> String {
        let last = fileName.split(separator: "/").last.map(String.init) ?? ""
        let scalars = last.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }
            .filter { $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }
        var name = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw TextingError(.init("attachment.invalid_name"), "The attachment needs a file name such as xray.jpg.")
        }
        if name.count > maxFileNameLength {
            let suffix = name.split(separator: ".").last.map { "." + $0 } ?? ""
            name = String(name.prefix(maxFileNameLength - suffix.count)) + suffix
        }
        return name
    }

    private static func forgetExpired(_ uploads: inout [String: Upload], now: Date) {
        uploads = uploads.filter { now.timeIntervalSince($0.value.touchedAt) < lifetime }
    }

    static let busy = TextingError(
        .init("attachment.busy"), "The daemon is holding too many attachments right now; try again in a few minutes.")

    static func notFound(_ id: String) -> TextingError {
        TextingError(.init("attachment.not_found"),
                     "There is no upload \(id) waiting for this practice (uploads are kept \(Int(lifetime / 60)) minutes); upload the file again.")
    }

    static func tooLarge(_ name: String, _ bytes: Int, _ maxBytes: Int) -> TextingError {
        TextingError(.init("attachment.too_large"),
                     "\(name) is \(MediaSettings.size(bytes)); attachments may be at most \(MediaSettings.size(maxBytes)).")
    }
}
