import Logging
import Synchronization

/// The process-wide minimum log level, shared by every ``ReloadableLogLevel`` handler and set by
/// a configuration reload, so `logLevel` changes without a restart.
public final class SharedLogLevel: Sendable {
    /// The level's position in `Logger.Level.allCases` (trace = 0 … critical = 6).
    private let index: Atomic<Int>

    public init(_ level: Logger.Level) {
        index = Atomic(Self.index(of: level))
    }

    /// The current minimum level; entries below it are dropped.
    public var level: Logger.Level {
        let all = Logger.Level.allCases
        let position = index.load(ordering: .relaxed)
        return all.indices.contains(position) ? all[position] : .info
    }

    /// Makes `level` the minimum for every handler from the next log call on.
    public func set(_ level: Logger.Level) {
        index.store(Self.index(of: level), ordering: .relaxed)
    }

    private static func index(of level: Logger.Level) -> Int {
        Logger.Level.allCases.firstIndex(of: level) ?? 2
    }
}
