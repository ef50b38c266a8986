import Carrier
import Control
import Foundation
import Operations
import Routing
import Synchronization
import TextingCore
import TextingStore
import TextingStoreSQLite
import Testing

/// Operations over a real SQLite file in a fresh temporary directory, a router, the sandbox
/// carrier and an in-memory ``FakeMedia``; no socket, no door. Setup runs as the system
/// administrator; tests then ask as whichever ``Caller`` they check.
final class OperationsHarness: Sendable {
    /// 2026-12-02 was a Wednesday; 15:00 UTC is 10:00 in New York, inside business hours.
    static let wednesdayMorning = Date(timeIntervalSince1970: 1_796_223_600)
    static let operator_ = Caller.systemAdministrator(name: "root")
    static let client = "+13125552070"

    let directory: URL
    let store: SQLiteStore
    let router: Router
    let operations: Operations
    let media = FakeMedia()

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-operations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("twowayd.sqlite").path)
        let configuration = RoutingConfiguration(
            contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: try #require(AppVersion("3.0.0")))
        router = try await Router(store: store, configuration: configuration, clock: { OperationsHarness.wednesdayMorning })
        operations = Operations(environment: OperationsEnvironment(
            router: router, version: "test", carrierKind: "sandbox", sandbox: SandboxCarrier(),
            provisionNumber: { _, taken in
                var index = 0
                while let number = SandboxNumberPool.number(at: index) {
                    if !taken.contains(number) { return number }
                    index += 1
                }
                throw TextingError(.init("number.pool_exhausted"), "No number left.")
            },
            reload: { ReloadInfo(reloaded: true, message: "reloaded") }, media: media))
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A practice ready to text: app chat on, a number, texting on, weekday hours 08:00-18:00.
    func onboardedPractice(name: String) async throws -> PracticeInfo {
        let practice = try await operations.addPractice(Self.operator_, PracticeAddCommand(
            name: name, country: "US", timeZone: "America/New_York", practicePhone: "(312) 555-0100",
            emergencyPhone: "312.555.0199"))
        _ = try await operations.setAppChat(Self.operator_, practice: practice.id, enabled: true)
        _ = try await operations.requestNumber(Self.operator_, NumberRequestCommand(practice: practice.id))
        for day in ["monday", "tuesday", "wednesday", "thursday", "friday"] {
            _ = try await operations.setHours(Self.operator_, HoursSetCommand(practice: practice.id, day: day, intervals: ["08:00-18:00"]))
        }
        return try await operations.setTexting(Self.operator_, practice: practice.id, enabled: true)
    }

    /// What `body` was refused with, as (code, message); records an issue when it succeeded or
    /// failed with something other than a coded error.
    static func refusal<T>(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
    ) async -> Refusal {
        do {
            _ = try await body()
            Issue.record("succeeded but should have been refused", sourceLocation: sourceLocation)
            return Refusal(code: "unexpected.success", message: "")
        } catch let error as TextingError {
            return Refusal(code: error.code.rawValue, message: error.message)
        } catch {
            Issue.record("failed with \(error)", sourceLocation: sourceLocation)
            return Refusal(code: "unexpected.error", message: "\(error)")
        }
    }

    /// A staff account stored in the database (what the account id columns refer to), as a caller.
    func storedAccount(practice: Int64, _ role: StaffRole, _ name: String, login: String) async throws -> Caller {
        let record = try await store.createStaffAccount(NewStaffAccount(
            practice: PracticeID(rawValue: practice), login: login, displayName: name,
            role: role == .admin ? .admin : .staff, passwordHash: "not-a-hash"), at: Self.wednesdayMorning)
        return Self.account(record.id, practice: practice, role, name)
    }

    static func account(_ id: Int64, practice: Int64, _ role: StaffRole, _ name: String) -> Caller {
        .account(AccountIdentity(id: id, practice: PracticeID(practice), role: role, displayName: name))
    }
}

/// An error's code and sentence, compared whole.
struct Refusal: Hashable, CustomStringConvertible {
    var code: String
    var message: String
    var description: String { "\(code): \(message)" }
}

/// Uploads held in memory with the library's practice rule (an upload is used by the practice
/// that opened it only) and predictable ids (`upload-1`, `upload-2`, …), so two harnesses name
/// the same upload alike.
final class FakeMedia: StaffMedia {
    private let uploads = Mutex<(next: Int, practices: [String: PracticeID])>((1, [:]))

    func receive(_ part: MediaUploadPart, practice: PracticeID) throws -> MediaUploadInfo {
        let id: String = try uploads.withLock { state in
            if let id = part.upload {
                guard state.practices[id] == practice else { throw Self.notFound(id) }
                return id
            }
            let id = "upload-\(state.next)"
            state.next += 1
            state.practices[id] = practice
            return id
        }
        return MediaUploadInfo(upload: id, fileName: part.fileName ?? "xray.jpg", contentType: "image/jpeg",
                               receivedBytes: part.bytes.count, complete: part.last)
    }

    func pending(_ ids: [String], practice: PracticeID) throws -> PendingAttachments {
        try uploads.withLock { state in
            for id in ids where state.practices[id] != practice { throw Self.notFound(id) }
        }
        return PendingAttachments(count: ids.count, prepare: { [] }, sent: {}, discard: { _ in })
    }

    func link(id: String) -> String { "https://media.example/\(id)" }

    private static func notFound(_ id: String) -> TextingError {
        TextingError(.init("attachment.not_found"), "There is no upload \(id) waiting for this practice.")
    }
}
