import Foundation
import PostgresTestSupport
import TextingStore
import TextingStorePostgres

extension StoreKind {
    /// Whether `PostgresStore` declares the store protocols in this build. Until it does, the
    /// conformance suite compiles and runs on the SQLite stores only; the check is made at run
    /// time, so declaring the conformance in TextingStorePostgres is all it takes to add the
    /// PostgreSQL cases.
    static let postgresConforms = (PostgresStore.self as Any.Type) is any ConformingStore.Type
}

/// The PostgreSQL store of the conformance suite: a fresh database per test (PostgresTestDatabase),
/// seen through the store protocols.
func withPostgresStore<Value>(clock: @escaping @Sendable () -> Date,
                              _ body: (any ConformingStore) async throws -> Value) async throws -> Value {
    try await PostgresTestDatabase.withFreshStore(clock: clock) { store in
        guard let conforming = makePostgresStore(store) else {
            throw PostgresNotConforming()
        }
        return try await body(conforming)
    }
}

/// `store` through the store protocols; nil while `PostgresStore` does not declare them.
func makePostgresStore(_ store: PostgresStore) -> (any ConformingStore)? {
    // Through `Any`, so that neither this nor the check above warns that the cast always succeeds
    // (or fails) once the conformance is declared (or while it is not).
    (store as Any) as? any ConformingStore
}

/// A PostgreSQL case ran while `PostgresStore` does not conform (it is not listed then).
struct PostgresNotConforming: Error, CustomStringConvertible {
    var description: String { "PostgresStore does not declare MessageStore and AccountStore in this build" }
}
