import Logging

extension HTTPServer {
    /// The server's log lines about connections it closed to protect itself (timeouts, the
    /// connection cap), at most 10 of each kind in 10 s: a flood of idle or slow connections must
    /// not flood the journal too.
    final class TimeoutLog: Sendable {
        let logger: Logger
        private let timeouts = LogRateLimit(limit: 10, per: .seconds(10))
        private let capacity = LogRateLimit(limit: 10, per: .seconds(10))

        init(logger: Logger) { self.logger = logger }

        /// A connection passed its deadline in `phase` and was closed.
        func note(_ phase: HTTPConnectionGuard.Phase, isNew: Bool) {
            guard let suppressed = timeouts.admit() else { return }
            let reason = switch phase {
            case .idle: isNew ? "sent nothing" : "kept alive without a new request"
            case .readingHead: "did not send a whole request head"
            case .readingBody: "did not send the whole body"
            case .answering: "was answering"
            }
            logger.info("HTTP connection closed: it \(reason) in time", metadata: Self.metadata([
                "event": "http_timeout", "phase": "\(phase.rawValue)",
            ], suppressed))
        }

        /// The connection cap was reached: `shed` idle connections were closed to make room.
        func noteShed(_ shed: Int, open: Int) {
            guard let suppressed = capacity.admit() else { return }
            logger.warning("HTTP connection limit reached; closed the longest-idle connections", metadata: Self.metadata([
                "event": "http_connections_shed", "closed": "\(shed)", "open": "\(open)",
            ], suppressed))
        }

        /// The connection cap was reached with every connection busy: the new one was closed.
        func noteRefused(open: Int) {
            guard let suppressed = capacity.admit() else { return }
            logger.warning("HTTP connection limit reached with every connection busy; refused a new one", metadata: Self.metadata([
                "event": "http_connection_refused", "open": "\(open)",
            ], suppressed))
        }

        private static func metadata(_ base: Logger.Metadata, _ suppressed: Int) -> Logger.Metadata {
            var metadata = base
            if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
            return metadata
        }
    }
}
