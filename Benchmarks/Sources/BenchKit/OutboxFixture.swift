import Foundation
import GRDB
import LoadKit

/// A state directory with a queued outbox: `senders` practices (the sandbox demo practice and
/// copies of it with the next pool numbers), each with `perSender` pending one-segment texts to
/// distinct clients, all due now.
public struct OutboxFixture: Sendable {
    /// The order the rows are inserted in, which is the order the daemon's outbox query
    /// (`ORDER BY next_attempt_at, id`) returns them when they are all due at once.
    public enum Order: String, Sendable, CaseIterable {
        /// Round-robin over the senders, as texts queued one by one by many practices arrive.
        case interleaved
        /// Sender after sender, as when each practice queues a batch (reminders) at once.
        case grouped
    }

    public let senders: Int
    public let perSender: Int
    public let order: Order

    public init(senders: Int, perSender: Int, order: Order) {
        self.senders = senders
        self.perSender = perSender
        self.order = order
    }

    public var senderNumbers: [String] { (0..<senders).map(PracticeNumbers.number(at:)) }

    /// Creates the database in `stateDirectory` (which must be empty or missing).
    public func prepare(stateDirectory: String, workDirectory: String, daemonBinary: String) throws {
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(binary: daemonBinary, stateDirectory: stateDirectory, workDirectory: workDirectory,
                                       name: "outbox-fixture")
        try daemon.waitReady()
        daemon.stop()
        guard daemon.exitedCleanly else { throw BenchError("the outbox fixture's daemon did not stop cleanly:\n\(daemon.logTail())") }

        let queue = try BenchDatabase.openForWriting("\(stateDirectory)/twowayd.sqlite")
        let numbers = senderNumbers
        let now = Date().timeIntervalSince1970
        try queue.write { db in
            var practiceIDs: [Int64] = [1]
            for sender in 1..<senders {
                try db.execute(sql: """
                    INSERT INTO practice (name, country, time_zone, practice_phone, emergency_phone, app_chat_enabled,
                        texting_enabled, number_state, texting_number, port_carrier, hours_json, created_at)
                    SELECT ?, country, time_zone, practice_phone, emergency_phone, app_chat_enabled, texting_enabled,
                        number_state, ?, port_carrier, hours_json, created_at
                    FROM practice WHERE id = 1
                    """, arguments: ["Bench Practice \(sender)", numbers[sender]])
                practiceIDs.append(db.lastInsertedRowID)
            }
            let message = try db.makeStatement(sql: """
                INSERT INTO message (practice_id, phone, practice_number, direction, channel, author, body, routed,
                    delivery_state, created_at)
                VALUES (?, ?, ?, 'outbound', 'text', 'staff:Bench', ?, 1, 'queued', ?)
                """)
            let outbox = try db.makeStatement(sql: """
                INSERT INTO outbox (message_id, practice_id, from_number, to_number, body, state, attempts,
                    next_attempt_at, compliance, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?)
                """)
            for (sender, item) in rows() {
                let to = ClientNumbers.number(at: sender * perSender + item)
                let body = "Reminder \(item + 1) from Bench Practice \(sender): your pet is due for a check-up."
                try message.execute(arguments: [practiceIDs[sender], to, numbers[sender], body, now])
                let messageID = db.lastInsertedRowID
                try outbox.execute(arguments: [messageID, practiceIDs[sender], numbers[sender], to, body, now, now])
            }
        }
        try queue.close()
    }

    /// (sender, item) pairs in insertion order.
    private func rows() -> [(Int, Int)] {
        switch order {
        case .interleaved:
            (0..<perSender).flatMap { item in (0..<senders).map { ($0, item) } }
        case .grouped:
            (0..<senders).flatMap { sender in (0..<perSender).map { (sender, $0) } }
        }
    }
}
