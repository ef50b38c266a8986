import Synchronization

/// Who is told when sessions end (W4): a door that keeps something open for a session (the live
/// event stream) registers here and closes it at once when the session is signed out, or its
/// account disabled or given a new password, whichever door did it.
final class SessionEnds: Sendable {
    /// What ended: one session (by its token's storage hash) or every session of an account.
    enum Ended: Sendable {
        case session(tokenHash: String)
        case account(Int64)
    }

    private struct Watcher {
        var tokenHash: String
        var account: Int64
        var action: @Sendable () -> Void
    }

    private let watchers = Mutex<(next: Int, all: [Int: Watcher])>((0, [:]))

    /// Runs `action` once when the session of `tokenHash` (of `account`) ends; until `cancel`.
    func watch(tokenHash: String, account: Int64, _ action: @escaping @Sendable () -> Void) -> Int {
        watchers.withLock { watchers in
            defer { watchers.next += 1 }
            watchers.all[watchers.next] = Watcher(tokenHash: tokenHash, account: account, action: action)
            return watchers.next
        }
    }

    func cancel(_ id: Int) {
        _ = watchers.withLock { $0.all.removeValue(forKey: id) }
    }

    /// Runs (outside the lock) and forgets the watchers of what ended.
    func ended(_ ended: Ended) {
        let actions = watchers.withLock { watchers in
            let matching = watchers.all.filter { _, watcher in
                switch ended {
                case .session(let hash): watcher.tokenHash == hash
                case .account(let id): watcher.account == id
                }
            }
            for id in matching.keys { watchers.all.removeValue(forKey: id) }
            return matching.values.map(\.action)
        }
        for action in actions { action() }
    }
}

/// A registration of ``Accounts/onEnd(of:account:_:)``; ``cancel()`` when what it guards closes.
public struct SessionEndWatch: Sendable {
    let ends: SessionEnds
    let id: Int

    public func cancel() { ends.cancel(id) }
}

extension Accounts {
    /// Runs `action` once, at once, when the session of `token` (an account `account`'s) ends by
    /// sign-out, or its account is disabled or given a new password, through any door. (A session
    /// that merely expires is noticed by the next check of it.)
    public func onEnd(of token: String, account: Int64, _ action: @escaping @Sendable () -> Void) -> SessionEndWatch {
        SessionEndWatch(ends: sessionEnds, id: sessionEnds.watch(
            tokenHash: SessionToken.storageHash(token), account: account, action))
    }
}
