import Logging
import Routing
import ServiceLifecycle
import TextingCore

/// Every `app.unreadCheckIntervalSeconds`, sends the one text about app messages a client has
/// not read for `app.unreadTextAfterMinutes` (P2, P3), through the router and the phone
/// sessions. Both settings are read again before every wait, so a reload takes effect at the
/// next pass; a delay of 0 turns the text off. What was sent or skipped is in the database, so
/// a restart neither repeats nor forgets a text.
struct AppNudgeService: Service {
    /// What the service reads before each pass.
    struct Settings: Sendable {
        /// How long an app message may stay unread; zero: never text.
        var delay: Duration
        /// How long to wait between passes.
        var interval: Duration
    }

    let router: Router
    let settings: @Sendable () -> Settings
    /// A practice's reminder quiet hours (`reminders.quietHours`, Q1): the text waits them out.
    var quietHours: @Sendable (PracticeID) -> QuietHours = { _ in .standard }
    let logger: Logger
    /// Waits between passes; tests pass one they control.
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// The longest wait between passes, whatever the configuration says.
    static let longestInterval: Duration = .seconds(3_600)

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let current = settings()
                do {
                    try await sleep(min(max(current.interval, .seconds(1)), Self.longestInterval))
                } catch {
                    return
                }
                await passOnce(delay: current.delay)
            }
        }
    }

    /// One pass; a failure is logged and the next pass tries again.
    func passOnce(delay: Duration) async {
        guard delay > .zero else { return }
        do {
            let decisions = try await router.remindUnreadAppMessages(after: delay, quietHours: quietHours)
            let sent = decisions.filter { $0 == .send }.count
            let skipped = decisions.count - sent
            guard !decisions.isEmpty else { return }
            logger.info("texted clients about unread app messages", metadata: [
                "event": "unread_app_texts", "sent": "\(sent)", "skipped": "\(skipped)",
            ])
        } catch {
            logger.warning("could not look for unread app messages; trying again at the next pass", metadata: [
                "event": "unread_app_texts_failed", "error": "\(error)",
            ])
        }
    }
}

extension AppNudgeService.Settings {
    /// The service's settings from the configuration's `app` section.
    init(_ app: DaemonConfiguration.AppChannel) {
        self.init(delay: .seconds(app.unreadTextAfterMinutes * 60), interval: .seconds(app.unreadCheckIntervalSeconds))
    }
}
