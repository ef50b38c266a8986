import Foundation
import TextingCore

/// Slows down guessing (W4): after `perLogin` failed sign-ins for one login name, or `perAddress`
/// from one address, within `window`, further attempts are refused until the oldest of those
/// failures leaves the window. Kept in memory: a restart forgets it, which a guesser cannot
/// cause. A successful sign-in clears its login's failures (not its address's).
public actor LoginThrottle {
    /// The numbers of the throttle.
    public struct Limits: Sendable {
        /// Failures of one login name within the window (5).
        public var perLogin = 5
        /// Failures from one address within the window (20).
        public var perAddress = 20
        /// How far back failures count (15 minutes).
        public var window: TimeInterval = 15 * 60
        /// The most logins and addresses remembered at once; past it, the oldest are forgotten
        /// first (a bound on memory whatever is tried).
        public var maxRemembered = 50_000

        public init() {}
    }

    private let limits: Limits
    private var byLogin: [String: [Date]] = [:]
    private var byAddress: [String: [Date]] = [:]

    init(limits: Limits) {
        self.limits = limits
    }

    /// Seconds until an attempt for `login` from `address` is accepted again, nil when it is now.
    func retryAfter(login: String, address: String, now: Date) -> Int? {
        let waits = [
            wait(byLogin[login] ?? [], limit: limits.perLogin, now: now),
            wait(byAddress[address] ?? [], limit: limits.perAddress, now: now),
        ].compactMap { $0 }
        return waits.max()
    }

    /// Counts one failed attempt.
    func recordFailure(login: String, address: String, now: Date) {
        Self.append(now, to: &byLogin, key: login, keep: limits.perLogin, window: limits.window, cap: limits.maxRemembered)
        Self.append(now, to: &byAddress, key: address, keep: limits.perAddress, window: limits.window, cap: limits.maxRemembered)
    }

    /// Forgets the failures of `login` after it signed in.
    func recordSuccess(login: String) {
        byLogin[login] = nil
    }

    private func wait(_ failures: [Date], limit: Int, now: Date) -> Int? {
        let recent = failures.filter { now.timeIntervalSince($0) < limits.window }
        guard recent.count >= limit, let oldest = recent.suffix(limit).first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(limits.window).timeIntervalSince(now)).rounded(.up)))
    }

    private static func append(
        _ time: Date, to table: inout [String: [Date]], key: String, keep: Int, window: TimeInterval, cap: Int
    ) {
        if table[key] == nil, table.count >= cap {
            table = table.filter { _, times in times.last.map { time.timeIntervalSince($0) < window } ?? false }
            if table.count >= cap,
               let oldest = table.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })?.key {
                table[oldest] = nil
            }
        }
        var times = table[key] ?? []
        times.append(time)
        table[key] = Array(times.filter { time.timeIntervalSince($0) < window }.suffix(keep))
    }
}
