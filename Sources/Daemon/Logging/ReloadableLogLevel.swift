import Logging

/// A `LogHandler` that forwards to another handler but takes its minimum level from a
/// ``SharedLogLevel``, so a reload changes the level of every logger at once.
///
/// `Logger` asks the handler for its level before it builds an entry, so an entry below the
/// shared level costs one atomic load and is dropped. Setting `logLevel` on one logger overrides
/// the shared level for that logger only (swift-log's usual per-logger semantics).
public struct ReloadableLogLevel: LogHandler {
    /// The handler entries are written to.
    public var wrapped: any LogHandler
    /// The shared level, set by reloads.
    public let shared: SharedLogLevel
    /// A level set on this logger itself; nil follows ``shared``.
    private var override: Logger.Level?

    public init(wrapping handler: any LogHandler, level shared: SharedLogLevel) {
        var handler = handler
        // The wrapped handler never filters: this wrapper decides.
        handler.logLevel = .trace
        self.wrapped = handler
        self.shared = shared
    }

    public var logLevel: Logger.Level {
        get { override ?? shared.level }
        set { override = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        guard event.level >= logLevel else { return }
        wrapped.log(event: event)
    }
}
