import Foundation
import Synchronization
import Testing
import TextingStore
import TextingStoreSQLite

#if canImport(Glibc)
import Glibc
#endif

extension CarrierIntegration {
    /// Issue 16, item 3: `twowayctl backup` while texts arrive; the copy restored into a fresh
    /// state directory starts a daemon that passes `PRAGMA integrity_check` and answers for
    /// every conversation acknowledged before the backup started.
    @Suite("twowayd binary: backup while texts arrive, restore, start on the copy")
    struct BackupRestore {
        /// What the texting task and the test share.
        final class Texts: Sendable {
            /// Conversation ids of the texts the daemon acknowledged, in order.
            let acknowledged = Mutex<[Int64]>([])
            let stop = Atomic(false)
            var count: Int { acknowledged.withLock { $0.count } }
        }

        @Test("issue 16: a backup taken while texts arrive restores into a daemon that answers for them")
        func backupRestoreStart() async throws {
            let binaries = try SandboxDaemon.builtBinaries()
            let directory = try IntegrationSupport.temporaryDirectory("twowayd-backup")
            defer { try? FileManager.default.removeItem(at: directory) }
            let live = try await SandboxDaemon(
                binaries, name: "live", directory: directory, stateDirectory: directory.appendingPathComponent("state"))
            let restoredState = directory.appendingPathComponent("restored")
            let restored = try await SandboxDaemon(binaries, name: "restored", directory: directory, stateDirectory: restoredState)
            let running = try await live.startReady()
            let texts = Texts()
            // Clients text the demo practice (seeded when run by hand) through the sandbox, one
            // text at a time from 20 numbers, until told to stop.
            let texting = Task { [texts, live] in
                var n = 0
                while !texts.stop.load(ordering: .relaxed) {
                    n += 1
                    let from = "+1312555" + String(format: "%04d", 3000 + n % 20)
                    let answer = try await live.ctl(["sandbox", "text", from, "text \(n)"])
                    if answer.status == 0, let conversation = answer.json["conversation"] as? Int {
                        texts.acknowledged.withLock { $0.append(Int64(conversation)) }
                    }
                }
            }
            do {
                while texts.count < 25 { try await Task.sleep(for: .milliseconds(20)) }
                let before = Set(texts.acknowledged.withLock { $0 })
                let folder = directory.appendingPathComponent("backup")
                let backup = try await live.ctl(["backup", folder.path])
                #expect(backup.status == 0, "\(backup.json)")
                let atBackup = texts.count
                while texts.count < atBackup + 10 { try await Task.sleep(for: .milliseconds(20)) }
                texts.stop.store(true, ordering: .relaxed)
                try await texting.value
                #expect(try await running.stop(SIGTERM) == 0)

                // Restore as Docs/operations.md does: the database, media and key into a fresh
                // state directory; nothing of the backup is left in the live one.
                let liveState = directory.appendingPathComponent("state")
                #expect((try? FileManager.default.contentsOfDirectory(atPath: liveState.appendingPathComponent("backups").path)) == [])
                try FileManager.default.createDirectory(at: restoredState, withIntermediateDirectories: true)
                for item in ["twowayd.sqlite", "media", "media-link-key"] {
                    try FileManager.default.copyItem(
                        at: folder.appendingPathComponent(item), to: restoredState.appendingPathComponent(item))
                }
                do {
                    let store = try SQLiteStore(path: restoredState.appendingPathComponent("twowayd.sqlite").path)
                    #expect(try await store.integrityCheck() == ["ok"])
                }

                let next = try await restored.startReady()
                let list = try await restored.ctl(["conversation", "list", "--all"])
                let answered = Set(((list.json["conversations"] as? [[String: Any]]) ?? []).compactMap { ($0["id"] as? Int).map(Int64.init) })
                #expect(!before.isEmpty && before.isSubset(of: answered), "before: \(before.sorted()), answered: \(answered.sorted())")
                #expect(try await next.stop(SIGTERM) == 0, "a clean stop; log:\n\(next.logTail())")
            } catch {
                texts.stop.store(true, ordering: .relaxed)
                _ = try? await running.stop(SIGKILL)
                throw error
            }
        }
    }
}
