/// The channel one staff message goes by (S2 at the moment it is written, P3).
///
/// Chat availability is decided again for every staff message, not once per conversation: the
/// message goes in the app while the client's app allows chat, otherwise by text. When the
/// conversation was running in the app and this message goes by text, the message says so.
public struct StaffMessageChannel: Hashable, Sendable {
    /// Where the message goes.
    public var channel: Channel
    /// Set when the conversation ran in the app and this message goes by text instead (P3).
    public var fallback: ChatUnavailableReason?

    public init(channel: Channel, fallback: ChatUnavailableReason? = nil) {
        self.channel = channel
        self.fallback = fallback
    }

    /// The channel for a staff message given S2's `availability` now and the channel the
    /// conversation has run on so far (`nil` for a conversation this message starts).
    public static func choose(_ availability: ChatAvailability, conversation: Channel?) -> StaffMessageChannel {
        switch availability {
        case .available:
            return StaffMessageChannel(channel: .app)
        case .unavailable(let reason):
            return StaffMessageChannel(channel: .text, fallback: conversation == .app ? reason : nil)
        }
    }

    /// What staff read after sending, when the message fell back to text (P3); nil otherwise.
    public var notice: String? {
        fallback.map { reason in
            "Chat in the app is not available (\(reason.explanation.lowercasedFirstLetter)), so this message was sent by text."
        }
    }
}

extension String {
    /// The string with its first character lowercased, to set a sentence inside another.
    fileprivate var lowercasedFirstLetter: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
