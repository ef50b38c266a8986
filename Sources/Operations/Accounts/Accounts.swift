import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import Synchronization
import TextingCore
import TextingStore

/// Staff accounts and their sessions (W1, W4): creating, listing, disabling and re-keying
/// accounts, and signing in and out. Every front door (control socket, staff API) calls these;
/// the rules of who may manage which account live here and nowhere else.
///
/// Passwords are hashed with bcrypt on NIO's thread pool (never on the task executor) and never
/// logged. Session tokens are 256 random bits, kept by the store only as their SHA-256.
public struct Accounts: Sendable {
    /// How sign-in and sessions behave; the defaults are the production values.
    public struct Settings: Sendable {
        /// bcrypt's cost (log2 of its rounds): 12 in production, never below 10 there. Tests
        /// may use bcrypt's minimum, 4, to stay fast.
        public var bcryptCost: UInt8 = 12
        /// A session unused this long ends (12 hours).
        public var idleLifetime: TimeInterval = 12 * 3600
        /// A session ends this long after sign-in however much it is used (7 days).
        public var absoluteLifetime: TimeInterval = 7 * 24 * 3600
        /// A use of a session is written down only when the last one written is older than
        /// this, so a busy inbox does not write on every request (1 minute).
        public var touchInterval: TimeInterval = 60
        /// When repeated failed sign-ins are refused for a while.
        public var throttle: LoginThrottle.Limits = .init()

        public init() {}
    }

    let store: any AccountStore
    let settings: Settings
    let logger: Logger
    let now: @Sendable () -> Date
    let throttle: LoginThrottle
    /// A hash of no one's password, checked when the login is unknown so that an unknown login
    /// takes as long to refuse as a wrong password. Made at the first such sign-in, so that
    /// starting the daemon does not wait for bcrypt.
    let decoy = Decoy()
    /// Open things of sessions to close when they end (shared by copies of this `Accounts`).
    let sessionEnds = SessionEnds()

    /// - Parameters:
    ///   - now: the clock for session times and the sign-in throttle (tests move it).
    public init(store: any AccountStore, settings: Settings = .init(), logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.settings = settings
        self.logger = logger
        self.now = now
        self.throttle = LoginThrottle(limits: settings.throttle)
    }

    // MARK: - Passwords

    func hash(_ password: String) async throws -> String {
        let cost = settings.bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// The decoy hash, made on first use (two racing first uses each make one; either serves).
    func decoyHash() async throws -> String {
        if let made = decoy.hash.withLock({ $0 }) { return made }
        let made = try await hash(SessionToken.random())
        decoy.hash.withLock { $0 = $0 ?? made }
        return made
    }

    /// Where the decoy hash is kept once made (shared by copies of this `Accounts`).
    final class Decoy: Sendable {
        let hash = Mutex<String?>(nil)
    }
}
