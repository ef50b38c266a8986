import Routing
import TextingCore
import TextingStore

/// Which live changes an app client may see: those of its own conversations (W2). Conversations
/// opened after the stream started are looked up once each, then remembered.
public actor AppConversationScope {
    let profile: ClientProfile
    let store: any MessageStore
    private var known: [ConversationID: Bool] = [:]

    init(profile: ClientProfile, store: any MessageStore) {
        self.profile = profile
        self.store = store
    }

    /// Whether `change` concerns one of the client's conversations. Changes that name no
    /// conversation (a number's subscriptions) are the front desk's.
    public func includes(_ change: Change) async -> Bool {
        guard change.practice == profile.practiceID, let id = change.conversation else { return false }
        if let mine = known[id] { return mine }
        // A conversation that cannot be read now is left out rather than guessed at.
        guard let record = try? await store.conversation(id) else { return false }
        let mine = Self.owns(record, profile)
        known[id] = mine
        return mine
    }

    /// A conversation is the client's when it carries the client's id or is on one of the
    /// client's numbers (a number a household shares shares its conversations, as texting does).
    static func owns(_ record: ConversationRecord, _ profile: ClientProfile) -> Bool {
        record.practiceID == profile.practiceID && (record.clientID == profile.id || profile.phones.contains(record.phone))
    }
}
