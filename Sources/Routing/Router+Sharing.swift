import Foundation
import TextingCore
import TextingStore

extension Router {
    /// Rereads the practices from the store and routes with what it holds: practices another
    /// daemon sharing the store added, changed (hours, toggles, number) or deleted (M1). Returns
    /// how many changed. One small read; the daemon calls it every second when the store is shared.
    @discardableResult
    public func refreshPractices() async throws -> Int {
        let stored = try await store.practices()
        var changed = 0
        let storedIDs = Set(stored.map(\.id))
        for practice in stored where (try? self.practice(practice.id)) != practice {
            index(practice)
            changed += 1
        }
        for practice in allPractices() where !storedIDs.contains(practice.id) {
            forgetPractice(practice.id)
            changed += 1
        }
        return changed
    }
}
