import Foundation
import TextingCore

/// Where a page of the conversation list ends: the last row's place in the list's order
/// (active first, then newest activity, then newest id). The next page starts strictly after
/// it, so rows never repeat or go missing between pages however many messages arrive meanwhile
/// (a conversation whose activity moves it up is then on an earlier page, as the live list shows).
///
/// Clients see it only as an opaque text (``text``), which ``init(text:)`` reads back.
public struct ConversationListCursor: Hashable, Sendable {
    public var active: Bool
    public var lastActivityAt: Date
    public var id: ConversationID

    public init(active: Bool, lastActivityAt: Date, id: ConversationID) {
        self.active = active
        self.lastActivityAt = lastActivityAt
        self.id = id
    }

    /// The place of `summary` in the list.
    public init(after summary: ConversationSummary) {
        self.init(active: summary.conversation.isActive, lastActivityAt: summary.lastActivityAt,
                  id: summary.conversation.id)
    }

    /// Base64url of `c1|active|time|id`, the time as its exact bit pattern so no rounding moves
    /// the page's edge.
    public var text: String {
        let plain = "c1|\(active ? 1 : 0)|\(String(lastActivityAt.timeIntervalSince1970.bitPattern, radix: 16))|\(id.rawValue)"
        return Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a cursor written by ``text``; nil for anything else.
    public init?(text: String) {
        guard text.count <= 200 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if base64.count % 4 != 0 { base64 += String(repeating: "=", count: 4 - base64.count % 4) }
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "c1", parts[1] == "0" || parts[1] == "1",
              let bits = UInt64(parts[2], radix: 16), let id = Int64(parts[3]), id > 0
        else { return nil }
        let seconds = Double(bitPattern: bits)
        guard seconds.isFinite else { return nil }
        self.init(active: parts[1] == "1", lastActivityAt: Date(timeIntervalSince1970: seconds), id: ConversationID(id))
    }
}
