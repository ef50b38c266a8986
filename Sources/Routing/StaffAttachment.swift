import TextingCore

/// A file staff send (R5), already stored by the daemon, and the text that carries its link to
/// the client. The session queues one message per attachment, after the staff's own text, with
/// the file in that message's media list.
public struct StaffAttachment: Hashable, Sendable {
    /// The stored file: id, type, name, stored path, size; state `stored`.
    public var media: MediaAttachment
    /// The whole outbound text, e.g. `You've got a new photo/video message! <link>`.
    public var linkText: String
    /// The part of ``linkText`` staff chose (a PDF's file name), checked against the content
    /// policy like their own words (S7); nil when the text is all the daemon's.
    public var policyText: String?

    public init(media: MediaAttachment, linkText: String, policyText: String?) {
        self.media = media
        self.linkText = linkText
        self.policyText = policyText
    }
}
