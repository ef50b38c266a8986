import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Operations
import Routing
@testable import StaffAPI
import TextingCore
import TextingStore
import Testing

/// ``StaffAPIHarness`` with the app door's keys: practice A signs app tokens with an HS256
/// secret, practice B with an ES256 key. Both have app chat on. Practice A's directory has
/// Jamie Rivers (PMS-1, 312-555-0101) and Kim Lake (PMS-2, 312-555-0102); practice B's has
/// Lee Stone (PMS-9, 312-555-0109). Tokens are minted here with jwt-kit's signing side.
struct AppTestbed {
    let base: StaffAPIHarness
    let operations: Operations
    let api: StaffAPI
    let esKey: ES256PrivateKey
    static let secret = "a-practice-platform-secret-of-more-than-32-bytes"

    var practiceA: PracticeID { base.practiceA }
    var practiceB: PracticeID { base.practiceB }

    init() async throws {
        base = try await StaffAPIHarness()
        let esKey = ES256PrivateKey()
        self.esKey = esKey
        let keys = [
            AppTokenVerifier.keyName(practice: base.practiceA.rawValue): Self.secret,
            AppTokenVerifier.keyName(practice: base.practiceB.rawValue): esKey.publicKey.pemRepresentation,
        ]
        var environment = base.operations.environment
        environment.secret = { keys[$0] }
        operations = Operations(environment: environment)
        api = StaffAPI(accounts: base.accounts, operations: operations, configuration: .init())
        for practice in [base.practiceA, base.practiceB] {
            _ = try await base.router.setAppChat(practice: practice, enabled: true)
        }
        try await base.store.upsertDirectory(practice: base.practiceA, clients: [
            try Self.client("PMS-1", "Jamie", "Rivers", phone: "312-555-0101", practice: base.practiceA),
            try Self.client("PMS-2", "Kim", "Lake", phone: "312-555-0102", practice: base.practiceA),
        ])
        try await base.store.upsertDirectory(practice: base.practiceB, clients: [
            try Self.client("PMS-9", "Lee", "Stone", phone: "312-555-0109", practice: base.practiceB),
        ])
    }

    static func client(_ id: String, _ first: String, _ last: String, phone: String, practice: PracticeID) throws -> ClientProfile {
        ClientProfile(
            id: ClientID(0), practiceID: practice, source: .pms, externalID: id, firstName: first, lastName: last,
            phones: [try PhoneNumber(parsing: phone)],
            app: AppAccount(installed: true, signedIn: true, appVersion: AppVersion("3.1.0")))
    }

    /// The claims a test signs; nil claims are left out.
    struct Claims: JWTPayload {
        var sub: String?
        var practice: Int64?
        var exp: Int64?
        var nbf: Int64?
        var iat: Int64?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// Claims for `sub` of `practice`, valid for an hour from now.
    static func claims(_ sub: String, practice: PracticeID, lifetime: TimeInterval = 3600) -> Claims {
        let now = Int64(Date().timeIntervalSince1970)
        return Claims(sub: sub, practice: practice.rawValue, exp: now + Int64(lifetime), iat: now)
    }

    /// `claims` signed with HS256 and `secret`.
    static func hs256(_ claims: Claims, secret: String = AppTestbed.secret) async throws -> String {
        try await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256).sign(claims)
    }

    /// `claims` signed with ES256 and `key` (practice B's by default).
    func es256(_ claims: Claims, key: ES256PrivateKey? = nil) async throws -> String {
        try await JWTKeyCollection().add(ecdsa: key ?? esKey).sign(claims)
    }

    /// A token of Jamie Rivers (PMS-1 of practice A).
    func jamie() async throws -> String { try await Self.hs256(Self.claims("PMS-1", practice: practiceA)) }
    /// A token of Kim Lake (PMS-2 of practice A).
    func kim() async throws -> String { try await Self.hs256(Self.claims("PMS-2", practice: practiceA)) }

    /// Runs `test` with Hummingbird's in-process client on this API's router.
    func test<Value: Sendable>(_ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: api.makeRouter()).test(.router, test)
    }
}

extension TestClientProtocol {
    /// `method uri` of the app with `token` as the bearer and `body` as JSON text.
    func app(_ method: HTTPRequest.Method, _ uri: String, token: String?, _ body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }
}
