import Carrier
import Foundation
import TextingCore

/// The practice a fresh sandbox daemon starts with, so a demo or a smoke test can text it at
/// once: "Sandbox Veterinary Clinic" in New York, texting on at the sandbox pool's first number
/// (+1 800 555 1000), conversation hours Monday to Friday 08:00-18:00.
enum SandboxDemoPractice {
    static let name = "Sandbox Veterinary Clinic"

    /// The practice to add (its id is assigned by the store).
    static func make() throws -> Practice {
        guard let number = SandboxNumberPool.number(at: 0) else {
            throw StartupError(.init("startup.sandbox_pool"), "The sandbox number pool is empty.")
        }
        let workday = [try OpenInterval(parsing: "08:00-18:00")]
        let hours = try ConversationHours(
            timeZoneIdentifier: "America/New_York",
            weekly: [.monday: workday, .tuesday: workday, .wednesday: workday, .thursday: workday, .friday: workday])
        return Practice(
            id: PracticeID(0), name: name, country: .unitedStates, timeZone: hours.timeZone,
            practicePhone: try PhoneNumber(parsing: "+13125550100"),
            emergencyPhone: try PhoneNumber(parsing: "+13125550199"),
            appChatEnabled: true, textingEnabled: true, number: .assigned(number), hours: hours)
    }
}
