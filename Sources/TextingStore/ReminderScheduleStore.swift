import Foundation
import TextingCore

/// Reminders requested by the practice platform: held for quiet hours, and remembered by
/// idempotency key (E5, Q1).
public protocol ReminderScheduleStore: Sendable {
}
