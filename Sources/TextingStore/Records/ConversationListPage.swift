import Foundation

/// A page of the conversation list and where the next one starts.
public struct ConversationListPage: Hashable, Sendable {
    public var summaries: [ConversationSummary]
    /// The cursor after the page's last row; nil on the last page.
    public var next: ConversationListCursor?

    public init(summaries: [ConversationSummary], next: ConversationListCursor?) {
        self.summaries = summaries
        self.next = next
    }
}
