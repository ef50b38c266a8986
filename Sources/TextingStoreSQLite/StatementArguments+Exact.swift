import GRDB
import TextingCore
import TextingStore

extension StatementArguments {
    /// The positional arguments `values`, each of which SQLite receives whole.
    ///
    /// - Throws: ``StoredText/nulRefused`` when a string among `values` holds U+0000.
    static func exact(_ values: [(any DatabaseValueConvertible)?]) throws(TextingError) -> StatementArguments {
        for value in values {
            if case .string(let text) = value?.databaseValue.storage, !StoredText.isStorable(text) {
                throw StoredText.nulRefused
            }
        }
        return StatementArguments(values)
    }
}
