import Carrier
import Control
import Daemon
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
import Routing
@testable import StaffAPI
import TextingCore
import Testing

/// ``StaffAPIHarness`` with everything the daemon gives the operations: its ``Accounts`` (so
/// admins manage staff accounts on the web), a media library on disk (uploads, attachments and
/// stored files) and the sandbox's number pool (number requests). Practice C has no number and
/// app chat off, for the order of the admin toggles (E1–E3).
struct StaffAPITestbed {
    let base: StaffAPIHarness
    let media: MediaLibrary
    let operations: Operations
    let api: StaffAPI
    let practiceC: PracticeID

    var practiceA: PracticeID { base.practiceA }
    var practiceB: PracticeID { base.practiceB }
    static let root = StaffAPIHarness.root

    init(maxUploadBytes: Int = 5_000_000) async throws {
        base = try await StaffAPIHarness()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twowayd-api-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let settings = MediaSettings(publicURL: "http://127.0.0.1:8080", maxBytes: maxUploadBytes)
        media = MediaLibrary(
            files: try MediaStore.prepare(stateDirectory: directory.path), signer: MediaLinkSigner(key: Array(repeating: 7, count: 32)),
            store: base.store, settings: { settings })
        operations = Operations(environment: OperationsEnvironment(
            router: base.router, version: "test", carrierKind: "sandbox", sandbox: SandboxCarrier(),
            provisionNumber: { country, taken in
                try await SandboxCarrier().provisionTollFreeNumber(
                    country: country, smsURL: "", voiceURL: "", statusURL: "", excluding: taken)
            },
            media: media, accounts: base.accounts))
        api = StaffAPI(accounts: base.accounts, operations: operations, configuration: .init())
        var bare = try StaffAPIHarness.practice("Gamma Vet", number: "800-555-1002")
        bare.number = .none
        bare.textingEnabled = false
        practiceC = try await base.router.addPractice(bare).id
    }

    @discardableResult
    func addAccount(_ login: String, practice: PracticeID, role: StaffRole = .staff) async throws -> Int64 {
        try await base.addAccount(login, practice: practice, role: role)
    }

    func startConversation(practice: PracticeID, phone: String, title: String) async throws -> Int64 {
        try await base.startConversation(practice: practice, phone: phone, title: title)
    }

    /// Runs `test` with Hummingbird's in-process client on this API's router.
    func test<Value: Sendable>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: api.makeRouter()).test(.router, test)
    }

    /// A stored file of practice `practice`: a PDF sent as root in a new conversation with
    /// `phone`; its media id.
    func storedFile(practice: PracticeID, phone: String, name: String = "vaccines.pdf", bytes: [UInt8] = Array("%PDF-1.4 test".utf8))
        async throws -> String
    {
        let upload = try await operations.upload(Self.root, MediaUploadCommand(
            practice: practice.rawValue, fileName: name, data: Data(bytes).base64EncodedString()))
        let started = try await operations.startConversation(Self.root, ConversationStartCommand(
            practice: practice.rawValue, staff: "Root", to: phone, title: "Records", message: "Records attached.",
            attachments: [upload.upload]))
        let detail = try await operations.showConversation(
            Self.root, .init(practice: practice.rawValue, conversation: started.conversation))
        return try #require(detail.messages.flatMap(\.media).compactMap(\.id).first)
    }
}

/// Headers of a signed-in request: the cookie, the CSRF token and JSON.
extension SignedIn {
    var headers: HTTPFields {
        [.cookie: cookie, .init("X-CSRF-Token")!: csrfToken, .contentType: "application/json"]
    }

    /// The cookie alone: a read, or a change without the CSRF token.
    var cookieOnly: HTTPFields { [.cookie: cookie, .contentType: "application/json"] }
}

extension TestClientProtocol {
    /// `method uri` with `body` as JSON text.
    func call(_ method: HTTPRequest.Method, _ uri: String, _ session: SignedIn, _ body: String? = nil, csrf: Bool = true)
        async throws -> TestResponse
    {
        try await execute(
            uri: uri, method: method, headers: csrf ? session.headers : session.cookieOnly,
            body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }
}
