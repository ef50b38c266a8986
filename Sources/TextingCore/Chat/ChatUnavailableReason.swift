/// Why a conversation with a client cannot run in the app and goes by text instead (S2).
public enum ChatUnavailableReason: String, Sendable, Codable, CaseIterable {
    /// The practice has app chat turned off.
    case practiceAppChatOff
    /// No app account, app not installed, or not signed in.
    case notInstalledOrSignedIn
    /// The app is older than the configured minimum version, or its version is unknown.
    case appOutdated
    /// Staff disabled chat for this client.
    case chatDisabled

    /// The reason in words, as staff see it next to "Chat not available".
    public var explanation: String {
        switch self {
        case .practiceAppChatOff: "App chat is not enabled for the practice"
        case .notInstalledOrSignedIn: "The client has not downloaded or signed in to your mobile app"
        case .appOutdated: "The client needs to update their app to the latest version"
        case .chatDisabled: "Chat has been disabled for this client"
        }
    }
}
