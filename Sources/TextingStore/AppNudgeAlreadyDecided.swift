/// A batch carried a decision on an unread stretch of app messages that another daemon on the
/// same database decided first (M1); nothing of the batch was written.
public struct AppNudgeAlreadyDecided: Error, Hashable, Sendable {
    public init() {}
}
