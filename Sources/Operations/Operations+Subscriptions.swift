import Control
import Routing
import TextingCore
import TextingStore

/// Subscriptions and reminders: `subscription.show`, `subscription.set`, `reminder.send`
/// (O1, O4, E5).
extension Operations {
    /// A number's subscriptions and their history (O4).
    public func showSubscription(_ caller: Caller, _ args: SubscriptionShowCommand) async throws -> SubscriptionInfo {
        let id = try await practiceID(for: caller, args.practice)
        return try await subscriptionInfo(id, phone: Arguments.phone(args.phone, "The number"))
    }

    /// Subscribes or unsubscribes a number to 2-way texting and/or reminders, recorded with the
    /// caller as the actor (O4).
    public func setSubscription(_ caller: Caller, _ args: SubscriptionSetCommand) async throws -> SubscriptionInfo {
        let id = try await practiceID(for: caller, args.practice)
        let staff = try caller.author(named: args.staff)
        let phone = try Arguments.phone(args.phone, "The number")
        switch (args.twoWay, args.reminders) {
        case (nil, nil):
            throw Arguments.bad("Give --two-way and/or --reminders (on or off).")
        case (let twoWay?, let reminders?) where twoWay == reminders:
            _ = try await router.setSubscription(
                practice: id, phone: phone, kind: nil, subscribed: twoWay, staff: staff, accountID: caller.accountID)
        case (let twoWay, let reminders):
            if let twoWay {
                _ = try await router.setSubscription(
                    practice: id, phone: phone, kind: .twoWay, subscribed: twoWay, staff: staff, accountID: caller.accountID)
            }
            if let reminders {
                _ = try await router.setSubscription(
                    practice: id, phone: phone, kind: .reminders, subscribed: reminders, staff: staff,
                    accountID: caller.accountID)
            }
        }
        return try await subscriptionInfo(id, phone: phone)
    }

    /// Sends a reminder text to a number (E5).
    public func sendReminder(_ caller: Caller, _ args: ReminderSendCommand) async throws -> ReminderInfo {
        let id = try await practiceID(for: caller, args.practice)
        _ = try caller.author(named: args.staff)
        let phone = try Arguments.phone(args.to, "The client's number")
        let body = try Arguments.required(args.message, "The message")
        let message = try await router.sendReminder(practice: id, phone: phone, body: body,
                                                    confirmWarnings: args.confirm ?? false)
        return ReminderInfo(phone: phone.e164, message: message?.rawValue)
    }

    func subscriptionInfo(_ id: PracticeID, phone: PhoneNumber) async throws -> SubscriptionInfo {
        SubscriptionInfo(
            phone: phone, try await router.subscriptions(practice: id, phone: phone),
            history: try await router.subscriptionHistory(practice: id, phone: phone))
    }
}
