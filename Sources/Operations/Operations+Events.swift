import Routing
import TextingCore

/// Live changes for staff views (W3): what a signed-in page follows to stay current without
/// reloading.
extension Operations {
    /// Follows the changes of the caller's practice, resuming after `lastEventID` (the id of
    /// the last event the reader saw, `<epoch>-<sequence>`) when given. An id that cannot be
    /// resumed (unknown form, older than what is kept, from before the daemon restarted) gives
    /// a subscription that says reset: the reader reloads what it shows. Another practice's
    /// changes never reach the reader (W2).
    public func followChanges(_ caller: Caller, after lastEventID: String?) async throws -> ChangeFeed.Subscription {
        let practice = try await practiceID(for: caller, nil)
        let position = lastEventID.map { ChangeFeed.Position($0) ?? ChangeFeed.Position(epoch: "", sequence: 0) }
        return router.events.subscribe(practice: practice, after: position)
    }
}
