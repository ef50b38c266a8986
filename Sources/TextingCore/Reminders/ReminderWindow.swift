import Foundation

/// One practice's rule for when a reminder it requested may be texted (Q1): its quiet hours on
/// the client's clock and, when `holdOnClosedDays`, not on its closed days.
public struct ReminderWindow: Sendable, Hashable, Codable {
    /// No reminder is texted in these hours on the client's clock (default 21:00-08:00).
    public var quietHours: QuietHours
    /// When true, reminders are not texted on the practice's dated "closed" exceptions either;
    /// they wait for the next day it is not closed.
    public var holdOnClosedDays: Bool

    public init(quietHours: QuietHours = .standard, holdOnClosedDays: Bool = false) {
        self.quietHours = quietHours
        self.holdOnClosedDays = holdOnClosedDays
    }

    /// When a reminder to `phone` requested at `now` by `practice` may be texted, and the zone
    /// that time is told in (the client's, or the practice's when the area code spans several).
    public func sendTime(to phone: PhoneNumber, practice: Practice, requestedAt now: Date) -> (at: Date, zone: TimeZone) {
        let zone = phone.timeZone(orPractice: practice.timeZone)
        let closed = holdOnClosedDays ? QuietHours.closedDates(of: practice.hours) : []
        return (quietHours.sendTime(requestedAt: now, clientZone: zone, practiceZone: practice.timeZone, closedDates: closed), zone)
    }
}
