import Logging
import Operations
import ServiceLifecycle

/// Sends the reminders held for quiet hours (Q1) when they are due, and takes over the claims a
/// daemon that died left behind (after their lease, ``Operations/sendDueReminders(limit:)``).
///
/// Every held reminder is in the database (`reminder_request`), so a restart, a `kill -9` or
/// another daemon on the same database (M1) loses none: each is claimed by one sender in one
/// transaction, sent through routing (which checks O2/O4 and the number again at that moment)
/// and marked. A sender that dies between the send and the mark leaves a claim; whoever takes it
/// over after the lease finds the reminder already committed and marks it instead of texting it
/// twice. The scheduler wakes every `reminders.pollSeconds` or at the next due time, whichever is
/// sooner, and forgets finished requests (their idempotency keys) after a week.
struct ReminderScheduler: Service {
    let operations: Operations
    /// The current poll interval.
    let interval: @Sendable () -> Duration
    let logger: Logger

    func run() async {
        await cancelWhenGracefulShutdown {
            var lastPrune = ContinuousClock.now - .seconds(3_600)
            while !Task.isCancelled {
                await sendDue()
                if ContinuousClock.now - lastPrune >= .seconds(3_600) {
                    lastPrune = ContinuousClock.now
                    do {
                        _ = try await operations.pruneReminderRequests()
                    } catch {
                        logger.warning("could not forget old reminder requests", metadata: [
                            "event": "reminder_prune_failed", "error": "\(error)",
                        ])
                    }
                }
                var wait = interval()
                if let next = try? await operations.nextReminderDue() {
                    let seconds = next.timeIntervalSince(operations.environment.now())
                    wait = min(wait, .milliseconds(Int64(max(0.05, seconds) * 1000)))
                }
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    return
                }
            }
        }
    }

    /// Sends every due reminder, a batch at a time.
    func sendDue() async {
        do {
            while !Task.isCancelled, try await operations.sendDueReminders(limit: 50) == 50 {}
        } catch {
            logger.warning("held reminders could not be read; trying again later", metadata: [
                "event": "reminder_schedule_failed", "error": "\(error)",
            ])
        }
    }
}
