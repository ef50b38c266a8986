import Foundation

/// Columns of text padded to line up, for list output.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) {
        self.header = header
    }

    mutating func add(_ row: String...) {
        rows.append(row)
    }

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Small formatting helpers shared by the renderings.
enum Format {
    /// `+13125550142` as `(312) 555-0142`; anything else as it is.
    static func phone(_ e164: String) -> String {
        let digits = Array(e164.utf8)
        guard digits.count == 12, e164.hasPrefix("+1") else { return e164 }
        let national = String(e164.dropFirst(2))
        return "(\(national.prefix(3))) \(national.dropFirst(3).prefix(3))-\(national.suffix(4))"
    }

    static func yesNo(_ value: Bool) -> String { value ? "on" : "off" }

    static func money(cents: Int) -> String {
        String(format: "$%d.%02d", cents / 100, cents % 100)
    }

    /// `text` with every line after the first indented by `indent`.
    static func indented(_ text: String, by indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
    }
}
