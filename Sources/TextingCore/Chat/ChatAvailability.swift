/// Whether a conversation with a client can run in the app ("app chat first", S2).
public enum ChatAvailability: Hashable, Sendable {
    /// The conversation can run in the app.
    case available
    /// The conversation goes by text, for this reason.
    case unavailable(ChatUnavailableReason)

    /// Whether chat is available.
    public var isAvailable: Bool { self == .available }

    /// Chat availability for a client's app `account` (`nil`: the client has none).
    ///
    /// When several reasons apply, one is reported, in this order: not installed or not signed
    /// in (nothing else matters then), chat disabled for the client (staff's own setting, and
    /// updating would not help), app outdated. An account whose app version is unknown counts as
    /// outdated: the conversation falls back to text rather than risk an app that cannot show it.
    public static func evaluate(_ account: AppAccount?, minimumVersion: AppVersion) -> ChatAvailability {
        guard let account, account.installed, account.signedIn else {
            return .unavailable(.notInstalledOrSignedIn)
        }
        if account.chatDisabled { return .unavailable(.chatDisabled) }
        guard let version = account.appVersion, version >= minimumVersion else {
            return .unavailable(.appOutdated)
        }
        return .available
    }

    /// Chat availability for a client of a practice: the practice's app chat flag first
    /// (`practiceAppChatOff` when it is off), then the client's `account`.
    public static func evaluate(
        _ account: AppAccount?, minimumVersion: AppVersion, practiceAppChat: Bool
    ) -> ChatAvailability {
        guard practiceAppChat else { return .unavailable(.practiceAppChatOff) }
        return evaluate(account, minimumVersion: minimumVersion)
    }
}
