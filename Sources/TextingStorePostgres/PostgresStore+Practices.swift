import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// Practices and their charges (E1, E2, E7), as the SQLite store keeps them.
extension PostgresStore {
    public func practices() async throws -> [Practice] {
        var practices: [Practice] = []
        for try await row in try await client.query("SELECT * FROM practice ORDER BY id", logger: logger) {
            practices.append(try Self.practice(from: row))
        }
        return practices
    }

    public func createPractice(_ practice: Practice) async throws -> Practice {
        let c = try PracticeColumns(practice)
        let createdAt = clock().storageValue
        do {
            let rows = try await client.query("""
                INSERT INTO practice (name, country, time_zone, practice_phone, emergency_phone, app_chat_enabled,
                    texting_enabled, number_state, texting_number, port_carrier, hours_json, created_at)
                VALUES (\(c.name), \(c.country), \(c.timeZone), \(c.practicePhone), \(c.emergencyPhone), \(c.appChat),
                    \(c.texting), \(c.numberState), \(c.number), \(c.carrier), \(c.hours), \(createdAt))
                RETURNING id
                """, logger: logger)
            var created = practice
            for try await (id) in rows.decode(Int64.self) { created.id = PracticeID(id) }
            return created
        } catch where Self.isUniqueViolation(error) {
            throw Self.numberTaken
        }
    }

    public func updatePractice(_ practice: Practice) async throws {
        let c = try PracticeColumns(practice)
        do {
            try await client.query("""
                UPDATE practice SET name = \(c.name), country = \(c.country), time_zone = \(c.timeZone),
                    practice_phone = \(c.practicePhone), emergency_phone = \(c.emergencyPhone), app_chat_enabled = \(c.appChat),
                    texting_enabled = \(c.texting), number_state = \(c.numberState), texting_number = \(c.number),
                    port_carrier = \(c.carrier), hours_json = \(c.hours)
                WHERE id = \(practice.id.rawValue)
                """, logger: logger)
        } catch where Self.isUniqueViolation(error) {
            throw Self.numberTaken
        }
    }

    public func recordCharge(practice: PracticeID, kind: String, amountCents: Int, at: Date) async throws {
        try Self.checkStorable(kind)
        try await client.query("""
            INSERT INTO charge (practice_id, kind, amount_cents, created_at)
            VALUES (\(practice.rawValue), \(kind), \(Int64(amountCents)), \(at.storageValue))
            """, logger: logger)
    }

    /// E2: a texting number belongs to at most one practice (the `texting_number` unique constraint).
    static let numberTaken = TextingError(.init("practice.number_taken"),
                                          "That texting number already belongs to another practice.")
}

/// A practice's columns as bound values, in the order of the `practice` table; refuses U+0000.
private struct PracticeColumns {
    let name, country, timeZone, practicePhone, emergencyPhone, numberState: String
    let appChat, texting: Int64
    let number, carrier, hours: String?

    init(_ practice: Practice) throws {
        let (number, carrier): (PhoneNumber?, String?) = switch practice.number {
        case .none: (nil, nil)
        case .assigned(let n), .ported(let n): (n, nil)
        case .portRequested(let n, let c): (n, c)
        }
        name = practice.name
        country = practice.country.rawValue
        timeZone = practice.timeZone.identifier
        practicePhone = practice.practicePhone.e164
        emergencyPhone = practice.emergencyPhone.e164
        numberState = practice.number.stateName
        appChat = practice.appChatEnabled ? 1 : 0
        texting = practice.textingEnabled ? 1 : 0
        self.number = number?.e164
        self.carrier = carrier
        hours = try StoredJSON.encode(practice.hours)
        try PostgresStore.checkStorable(name, timeZone, carrier, hours)
    }
}
