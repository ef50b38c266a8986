import Routing

/// A live stream of changes for the app: the practice's changes and the scope that says which of
/// them the client may see.
public struct AppChangeStream: Sendable {
    /// Every change of the client's practice, from the position asked for.
    public var subscription: ChangeFeed.Subscription
    /// Which of them the client may see.
    public var scope: AppConversationScope
}
