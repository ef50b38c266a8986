import Control
import Daemon
import Foundation
import GRDB
import Logging
import Routing
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing

/// `backup` while the daemon runs (issue 16): a consistent copy of the database taken while
/// texts keep arriving, with the media files and the generated media-link key, restored into a
/// fresh state directory.
@Suite("Backup while texts arrive (issue 16)")
struct BackupTests {
    /// A client text as the webhook hands it to the router.
    struct Acknowledged: Sendable {
        var sid: String
        var conversation: ConversationID?
    }

    /// What the writer task and the test share.
    final class Progress: Sendable {
        let acknowledged = Mutex<[Acknowledged]>([])
        let stop = Atomic(false)
    }

    @Test("A backup taken while texts arrive restores into a sound database holding every text acknowledged before it")
    func backupWhileTextsArrive() async throws {
        let harness = try await ControlHarness()
        let (practice, number) = try await Self.textingPractice(harness)
        let state = harness.directory.path
        let media = (state as NSString).appendingPathComponent(MediaStore.folderName)
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try Data("a photo".utf8).write(to: URL(fileURLWithPath: media + "/0123abcd.jpg"))
        try Data("half".utf8).write(to: URL(fileURLWithPath: media + "/.4567.part"))
        let key = String(repeating: "ab", count: 32)
        try Data(key.utf8).write(to: URL(fileURLWithPath: (state as NSString).appendingPathComponent(MediaLinkKey.fileName)))
        let handler = ControlHandler(environment: ControlEnvironment(
            router: harness.router, version: "test", carrierKind: "sandbox", sandbox: harness.carrier, provisionNumber: nil,
            backups: StateBackup(store: harness.store, stateDirectory: state, version: "test", logger: Logger(label: "test"))))

        // Texts from 40 numbers, as fast as the router stores them, until told to stop.
        let progress = Progress()
        let router = harness.router
        let writer = Task { [progress] in
            var n = 0
            while !progress.stop.load(ordering: .relaxed) {
                n += 1
                let sid = "SMbackup\(n)"
                let from = try #require(PhoneNumber(e164: ControlHarness.client(n % 40)))
                let outcome = try await router.dispatch(InboundText(from: from, to: number, body: "text \(n)", carrierSID: sid))
                progress.acknowledged.withLock { $0.append(Acknowledged(sid: sid, conversation: outcome.conversationID)) }
            }
        }
        func count() -> Int { progress.acknowledged.withLock { $0.count } }
        while count() < 200 { try await Task.sleep(for: .milliseconds(5)) }

        let before = progress.acknowledged.withLock { $0 }
        let info = try await Self.call(handler, BackupCommand())
        let atBackup = count()
        while count() < atBackup + 200 { try await Task.sleep(for: .milliseconds(5)) }
        progress.stop.store(true, ordering: .relaxed)
        try await writer.value
        #expect(count() > before.count + 200, "texts kept being stored while the backup ran")

        // The folder: the database, the complete media files, the key, the manifest.
        let listed = try FileManager.default.contentsOfDirectory(atPath: info.directory).sorted()
        #expect(listed == ["backup.json", MediaLinkKey.fileName, MediaStore.folderName, TwowayDaemon.databaseFileName].sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: info.directory + "/media") == ["0123abcd.jpg"])
        #expect(info.mediaFiles == 1 && info.includesMediaLinkKey)
        #expect(info.heldOutbox > 0, "the bot's questions to new numbers were queued when the copy was taken")

        // Restore into a fresh state directory, as the operator guide does.
        let restored = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-restored-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: restored, withIntermediateDirectories: true)
        for item in [TwowayDaemon.databaseFileName, MediaStore.folderName, MediaLinkKey.fileName] {
            try FileManager.default.copyItem(atPath: info.directory + "/" + item, toPath: restored.path + "/" + item)
        }
        let store = try SQLiteStore(path: restored.appendingPathComponent(TwowayDaemon.databaseFileName).path)
        #expect(try await store.integrityCheck() == ["ok"])
        // A router starts on the restored database.
        _ = try await Router(store: store, configuration: RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try #require(AppVersion("3.0.0"))))
        let conversations = Set(try await store.conversations(practice: PracticeID(practice.id), activeOnly: false).map(\.id))
        let expected = Set(before.compactMap(\.conversation))
        #expect(!expected.isEmpty && expected.isSubset(of: conversations))

        let queue = try DatabaseQueue(path: restored.appendingPathComponent(TwowayDaemon.databaseFileName).path)
        let (sids, queued, held) = try await queue.read { db in
            (Set(try String.fetchAll(db, sql: "SELECT inbound_sid FROM message WHERE inbound_sid IS NOT NULL")),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')") ?? -1,
             try Int.fetchOne(db, sql: """
                 SELECT COUNT(*) FROM outbox JOIN message ON message.id = outbox.message_id
                 WHERE outbox.state = 'failed' AND message.delivery_state = 'failed' AND outbox.last_error LIKE 'queued when the backup%'
                 """) ?? -1)
        }
        let missing = before.map(\.sid).filter { !sids.contains($0) }
        #expect(missing.isEmpty, "acknowledged before the backup but not in it: \(missing.prefix(5))")
        #expect(sids.count <= count())
        #expect(queued == 0, "a restored copy sends nothing again")
        #expect(held == info.heldOutbox)
        #expect(try await harness.store.outboxDepth() > 0, "the live outbox is untouched")
        let restoredKey = try String(contentsOf: restored.appendingPathComponent(MediaLinkKey.fileName), encoding: .utf8)
        #expect(restoredKey == key)

        // Once copied, the folder is removed from the state directory.
        #expect(try await Self.call(handler, BackupDiscardCommand(name: info.name)).removed)
        #expect(!FileManager.default.fileExists(atPath: info.directory))
        #expect(try await Self.call(handler, BackupDiscardCommand(name: info.name)).removed == false)
        do {
            _ = try await Self.call(handler, BackupDiscardCommand(name: "../twowayd.sqlite"))
            Issue.record("a path outside the backups folder was accepted")
        } catch let refusal as ControlErrorBody {
            #expect(refusal.code == "backup.invalid_name")
        }
        try? FileManager.default.removeItem(at: restored)
    }

    @Test("--keep-queued keeps the queued replies queued in the copy")
    func keepQueued() async throws {
        let harness = try await ControlHarness()
        let (_, number) = try await Self.textingPractice(harness)
        let from = try #require(PhoneNumber(e164: ControlHarness.client(1)))
        _ = try await harness.router.dispatch(InboundText(from: from, to: number, body: "Hello", carrierSID: "SMkeep1"))
        let backups = StateBackup(
            store: harness.store, stateDirectory: harness.directory.path, version: "test", logger: Logger(label: "test"))
        let info = try await backups.take(keepingQueued: true)
        #expect(info.heldOutbox == 0 && !info.includesMediaLinkKey && info.mediaFiles == 0)
        let queue = try DatabaseQueue(path: info.directory + "/" + TwowayDaemon.databaseFileName)
        let queued = try await queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
        }
        #expect(queued == (try await harness.store.outboxDepth()) && queued > 0)
    }

    @Test("A daemon without backups refuses the command with control.unavailable")
    func unavailable() async throws {
        let harness = try await ControlHarness()
        #expect(await harness.refusal(BackupCommand()).code == "control.unavailable")
    }

    /// An onboarded practice and its texting number.
    static func textingPractice(_ harness: ControlHarness) async throws -> (PracticeInfo, PhoneNumber) {
        let practice = try await harness.onboardedPractice()
        let assigned = try #require(practice.number.number)
        return (practice, try #require(PhoneNumber(e164: assigned)))
    }

    static func call<Command: ControlCommand>(_ handler: ControlHandler, _ command: Command) async throws -> Command.Result {
        let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: 1, command))
        let answer = await handler.respond(to: line, connection: ControlConnection())
        let response = try ControlProtocol.makeDecoder().decode(ControlResponse<Command.Result>.self, from: answer)
        if let error = response.error { throw error }
        return try #require(response.result)
    }
}
