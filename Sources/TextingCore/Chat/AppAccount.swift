/// What the platform knows about a client's use of the practice's mobile app (S2).
public struct AppAccount: Hashable, Sendable, Codable {
    /// The client has downloaded the app.
    public var installed: Bool
    /// The client is signed in to it.
    public var signedIn: Bool
    /// The version the client last used, when known.
    public var appVersion: AppVersion?
    /// Staff disabled chat for this client (Settings > Chat > Disable chat for user).
    public var chatDisabled: Bool

    public init(installed: Bool, signedIn: Bool, appVersion: AppVersion?, chatDisabled: Bool = false) {
        self.installed = installed
        self.signedIn = signedIn
        self.appVersion = appVersion
        self.chatDisabled = chatDisabled
    }
}
