import Foundation
import TextingCore
import TextingStore

/// What the store scenarios share.
enum StoreFixtures {
    static func practice(_ number: String) throws -> Practice {
        Practice(id: PracticeID(0), name: "Test Vet", country: .unitedStates,
                 timeZone: try ConversationHours.timeZone(identifier: "America/Chicago"),
                 practicePhone: try PhoneNumber(parsing: "312-555-0100"),
                 emergencyPhone: try PhoneNumber(parsing: "312-555-0199"),
                 textingEnabled: true, number: .assigned(try PhoneNumber(parsing: number)))
    }
}
