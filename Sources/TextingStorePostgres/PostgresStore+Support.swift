import Foundation
import PostgresNIO
import TextingCore
import TextingStore

/// Small helpers every part of the PostgreSQL store shares.
extension PostgresStore {
    /// Refuses strings about to be bound when one holds U+0000 (``StoredText/nulRefused``):
    /// PostgreSQL refuses NUL in text outright, and the SQLite store refuses the same strings.
    static func checkStorable(_ strings: String?...) throws(TextingError) {
        for case let text? in strings where !StoredText.isStorable(text) { throw StoredText.nulRefused }
    }

    /// Whether `error` (or the error a postgres-nio transaction wraps) is a unique violation,
    /// SQLSTATE 23505; with `constraint`, only of that index or constraint.
    static func isUniqueViolation(_ error: any Error, constraint: String? = nil) -> Bool {
        guard let failure = unwrapped(error) as? PSQLError, failure.serverInfo?[.sqlState] == "23505" else { return false }
        guard let constraint else { return true }
        return failure.serverInfo?[.constraintName] == constraint
    }

    /// The error a postgres-nio transaction wraps (what its closure or its commit threw), so
    /// callers see a ``TextingError`` or a server error as it was thrown; other errors as they are.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let wrapped = error as? PostgresTransactionError else { return error }
        return wrapped.closureError ?? wrapped.commitError ?? error
    }
}

/// Dates are stored as seconds since 1970 (`DOUBLE PRECISION`), as in the SQLite store, so a
/// `Date` round-trips exactly and `store copy` moves values as they are.
extension Date {
    var storageValue: Double { timeIntervalSince1970 }
    init(storageValue: Double) { self.init(timeIntervalSince1970: storageValue) }
}
