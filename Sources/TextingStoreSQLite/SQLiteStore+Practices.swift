import Foundation
import GRDB
import TextingCore
import TextingStore

extension SQLiteStore {
    public func practices() async throws -> [Practice] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM practice ORDER BY id").map(Self.practice(from:))
        }
    }

    public func createPractice(_ practice: Practice) async throws -> Practice {
        let columns = try Self.columns(of: practice)
        return try await committer.write { db in
            try db.execute(sql: """
                INSERT INTO practice (name, country, time_zone, practice_phone, emergency_phone, app_chat_enabled,
                    texting_enabled, number_state, texting_number, port_carrier, hours_json, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: columns + [Date().storageValue])
            var created = practice
            created.id = PracticeID(db.lastInsertedRowID)
            return created
        }
    }

    public func updatePractice(_ practice: Practice) async throws {
        let columns = try Self.columns(of: practice)
        try await committer.write { db in
            do {
                try db.execute(sql: """
                    UPDATE practice SET name = ?, country = ?, time_zone = ?, practice_phone = ?, emergency_phone = ?,
                        app_chat_enabled = ?, texting_enabled = ?, number_state = ?, texting_number = ?, port_carrier = ?,
                        hours_json = ?
                    WHERE id = ?
                    """, arguments: columns + [practice.id.rawValue])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw TextingError(.init("practice.number_taken"),
                                   "That texting number already belongs to another practice.")
            }
        }
    }

    public func recordCharge(practice: PracticeID, kind: String, amountCents: Int, at: Date) async throws {
        try await committer.write { db in
            try db.execute(sql: "INSERT INTO charge (practice_id, kind, amount_cents, created_at) VALUES (?, ?, ?, ?)",
                           arguments: try .exact([practice.rawValue, kind, amountCents, at.storageValue]))
        }
    }

    /// The practice's columns in table order; refuses U+0000 (``StoredText``).
    static func columns(of practice: Practice) throws -> StatementArguments {
        let (number, carrier): (PhoneNumber?, String?) = switch practice.number {
        case .none: (nil, nil)
        case .assigned(let n), .ported(let n): (n, nil)
        case .portRequested(let n, let c): (n, c)
        }
        return try .exact([
            practice.name, practice.country.rawValue, practice.timeZone.identifier, practice.practicePhone.e164,
            practice.emergencyPhone.e164, practice.appChatEnabled, practice.textingEnabled, practice.number.stateName,
            number?.e164, carrier, try StoredJSON.encode(practice.hours),
        ])
    }

    static func practice(from row: Row) throws -> Practice {
        let zoneID: String = row["time_zone"]
        guard let zone = TimeZone(identifier: zoneID) else {
            throw CorruptRow(table: "practice", column: "time_zone", value: zoneID)
        }
        let countryCode: String = row["country"]
        guard let country = PhoneCountry(rawValue: countryCode) else {
            throw CorruptRow(table: "practice", column: "country", value: countryCode)
        }
        let numberText: String? = row["texting_number"]
        let number = numberText.flatMap(PhoneNumber.init(e164:))
        let state: String = row["number_state"]
        let textingNumber: TextingNumber = switch (state, number) {
        case ("assigned", let n?): .assigned(n)
        case ("ported", let n?): .ported(n)
        case ("port_requested", let n?): .portRequested(n, carrier: row["port_carrier"] ?? "")
        default: .none
        }
        return Practice(
            id: PracticeID(row["id"]), name: row["name"], country: country, timeZone: zone,
            practicePhone: try row.phone("practice_phone", table: "practice"),
            emergencyPhone: try row.phone("emergency_phone", table: "practice"),
            appChatEnabled: row["app_chat_enabled"], textingEnabled: row["texting_enabled"],
            number: textingNumber, hours: try StoredJSON.decode(ConversationHours.self, row["hours_json"])
        )
    }
}
