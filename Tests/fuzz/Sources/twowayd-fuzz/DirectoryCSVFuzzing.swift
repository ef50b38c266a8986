import TextingCore
@testable import Daemon

/// The PMS directory import's CSV reader (`DirectoryCSV`).
///
/// Input: the file as UTF-8 (invalid bytes read as U+FFFD). Properties: no trap; problems carry
/// line numbers from 1 to the file's line count, in order; an accepted file gives profiles with
/// unique client ids free of control characters and names free of U+0000 (issue 11); and the
/// records, written back with every field quoted, parse to the same fields.
enum DirectoryCSVFuzzing {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lineCount = text.unicodeScalars.filter { $0 == "\n" }.count + 1
        switch DirectoryCSV.read(text, practice: PracticeID(1)) {
        case .failure(let errors):
            let lines = errors.problems.compactMap(\.line)
            guard !lines.isEmpty, lines.count == errors.problems.count, lines.allSatisfy({ (1...lineCount).contains($0) }),
                  lines == lines.sorted()
            else {
                violated("problems carry their lines, in order", "\(lines) in a file of \(lineCount) lines")
            }
        case .success(let profiles):
            let ids = profiles.compactMap(\.externalID)
            guard ids.count == profiles.count, Set(ids).count == ids.count,
                  ids.allSatisfy({ !$0.isEmpty && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
            else {
                violated("accepted client ids are present, unique and free of control characters", "\(ids)")
            }
            let names = profiles.flatMap { [$0.firstName, $0.lastName] }.compactMap { $0 }
            guard names.allSatisfy({ !$0.utf8.contains(0) }) else {
                violated("accepted names hold no U+0000", "\(names)")
            }
        }

        guard let records = try? DirectoryCSV.parse(text) else { return }
        let quoted = records.map { record in
            record.fields.map(quote).joined(separator: ",")
        }.joined(separator: "\n")
        do {
            let again = try DirectoryCSV.parse(quoted)
            guard again.map(\.fields) == records.map(\.fields) else {
                violated("quoted records parse to the same fields", "\(records.map(\.fields)) became \(again.map(\.fields))")
            }
        } catch {
            violated("quoted records parse", "\(error)")
        }
    }

    /// `field` in quotes, each quote doubled. Scalar by scalar: a quote followed by a combining
    /// mark is one `Character` that a `Character`-wise replacement would not find.
    static func quote(_ field: String) -> String {
        var quoted = "\""
        for scalar in field.unicodeScalars {
            quoted.unicodeScalars.append(scalar)
            if scalar == "\"" { quoted.unicodeScalars.append(scalar) }
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }
}
