import Logging
import ServiceLifecycle
import TextingStore

/// Checks the database once a second (M1) and keeps ``StoreReachability`` current, logging each
/// change (`event=database_unreachable`, `event=database_reachable`). A check that takes longer
/// than `timeout` counts as unreachable.
struct StoreReachabilityService: Service {
    let store: any MessageStore
    let reachability: StoreReachability
    var interval: Duration = .seconds(1)
    var timeout: Duration = .seconds(2)
    let logger: Logger

    func run() async {
        await repeatUntilShutdown(every: { interval }) { await checkOnce() }
    }

    /// Asks the store once and records the answer, logging a change.
    func checkOnce() async {
        let error = await check()
        guard reachability.record(error == nil) else { return }
        if let error {
            logger.error("database unreachable; webhooks are answered 503 and /health says not ready", metadata: [
                "event": "database_unreachable", "error": "\(error)",
            ])
        } else {
            logger.notice("database reachable again", metadata: ["event": "database_reachable"])
        }
    }

    /// Nil when the store answered within `timeout`.
    private func check() async -> (any Error)? {
        let store = self.store
        let timeout = self.timeout
        return await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do {
                    try await store.checkReachable()
                    return nil
                } catch {
                    return error
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return CheckTimedOut(timeout: timeout)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    struct CheckTimedOut: Error, CustomStringConvertible {
        let timeout: Duration
        var description: String { "no answer within \(timeout)" }
    }
}
