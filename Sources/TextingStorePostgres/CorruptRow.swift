/// A stored value that no longer parses, or a column a query did not return: the database was
/// edited by hand, is damaged, or a query and its decoder disagree.
struct CorruptRow: Error, CustomStringConvertible {
    let table: String
    let column: String
    let value: String
    var description: String { "stored \(table).\(column) value '\(value)' is not valid" }
}
