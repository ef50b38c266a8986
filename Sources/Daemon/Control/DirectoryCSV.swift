import Control
import TextingCore

/// The PMS directory export (R3, S2, S3, A5): a CSV file read into client profiles, or into the
/// list of everything wrong with it.
///
/// Format: RFC 4180 CSV in UTF-8 (a byte-order mark is ignored), comma-separated, fields may be
/// quoted (`"Smith, Jr."`, `""` for a quote, line breaks inside quotes), lines end in LF or
/// CRLF, blank lines are skipped. The first line is the header. Columns are found by name in any
/// order and letter case; `client_id`, `first_name`, `last_name` and `phones` are required,
/// `email`, `app_installed`, `app_signed_in`, `app_version` and `chat_disabled` optional, others
/// ignored. Per row:
/// - `client_id`: required, unique in the file, no control characters;
/// - `first_name`, `last_name`: kept as written, except that U+0000 is refused (it cannot be
///   stored);
/// - `phones`: zero or more US/Canadian numbers separated by `;` (E8);
/// - `email`: empty or one valid address;
/// - `app_installed`, `app_signed_in`, `chat_disabled`: empty (false), true/false, yes/no, 1/0;
/// - `app_version`: empty (unknown) or dotted numbers such as `3.12.1`.
///
/// Reading never stops at the first problem: every bad row is reported with its line number (the
/// line its record starts on; the header is line 1), so one pass over the file fixes them all.
enum DirectoryCSV {
    static let requiredColumns = ["client_id", "first_name", "last_name", "phones"]
    static let optionalColumns = ["email", "app_installed", "app_signed_in", "app_version", "chat_disabled"]

    /// The rows of `text` as PMS profiles of `practice`, or every problem found.
    static func read(_ text: String, practice: PracticeID) -> Result<[ClientProfile], DirectoryCSVErrors> {
        var records: [Record]
        do {
            records = try parse(text)
        } catch {
            return .failure(error)
        }
        guard !records.isEmpty else {
            return .failure(DirectoryCSVErrors(problems: [
                ControlErrorDetail(line: 1, message: "The file is empty; it needs a header line naming the columns."),
            ]))
        }
        let header = records.removeFirst()
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var columns: [String: Int] = [:]
        var problems: [ControlErrorDetail] = []
        for (index, name) in names.enumerated() where requiredColumns.contains(name) || optionalColumns.contains(name) {
            if columns[name] != nil {
                problems.append(ControlErrorDetail(line: header.line, message: "The column \(name) appears twice."))
            }
            columns[name] = index
        }
        let missing = requiredColumns.filter { columns[$0] == nil }
        if !missing.isEmpty {
            problems.append(ControlErrorDetail(
                line: header.line,
                message: "The header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) "
                    + "(required: \(requiredColumns.joined(separator: ", ")))."))
        }
        guard problems.isEmpty else { return .failure(DirectoryCSVErrors(problems: problems)) }

        var profiles: [ClientProfile] = []
        var firstLine: [String: Int] = [:]
        for record in records {
            guard record.fields.count == names.count else {
                problems.append(ControlErrorDetail(
                    line: record.line, message: "The row has \(record.fields.count) fields; the header has \(names.count)."))
                continue
            }
            let row = Row(fields: record.fields, columns: columns)
            let clientID = row["client_id"]
            var rowProblems: [String] = []
            if !clientID.isEmpty {
                if let line = firstLine[clientID] {
                    rowProblems.append("client_id \(clientID) is already on line \(line)")
                } else {
                    firstLine[clientID] = record.line
                }
            }
            var flagProblems: [String] = []
            let entry = DirectoryEntry(
                clientID: clientID, firstName: row["first_name"], lastName: row["last_name"], email: row["email"],
                phones: row["phones"].split(separator: ";").map(String.init),
                appInstalled: flag(row, "app_installed", &flagProblems), appSignedIn: flag(row, "app_signed_in", &flagProblems),
                appVersion: row["app_version"], chatDisabled: flag(row, "chat_disabled", &flagProblems))
            let result = entry.profile(practice: practice)
            if case .failure(let problems) = result {
                let found = problems.list
                // The file's order: the app flags before app_version.
                let words = found.map { "\(Self.column($0.field)) \($0.detail)" }
                let version = found.firstIndex { $0.field == .appVersion } ?? words.count
                rowProblems += words[..<version] + flagProblems + words[version...]
            } else {
                rowProblems += flagProblems
            }
            guard rowProblems.isEmpty, case .success(let profile) = result else {
                let sentence = rowProblems.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
                problems.append(ControlErrorDetail(line: record.line, message: sentence + "."))
                continue
            }
            profiles.append(profile)
        }
        return problems.isEmpty ? .success(profiles) : .failure(DirectoryCSVErrors(problems: problems))
    }

    /// The column a directory problem is about.
    private static func column(_ field: DirectoryEntry.Field) -> String {
        switch field {
        case .clientID: "client_id"
        case .firstName: "first_name"
        case .lastName: "last_name"
        case .email: "email"
        case .phones: "phone"
        case .appVersion: "app_version"
        }
    }

    private static func flag(_ row: Row, _ column: String, _ problems: inout [String]) -> Bool {
        switch row[column].lowercased() {
        case "", "0", "false", "no", "n": return false
        case "1", "true", "yes", "y": return true
        default:
            problems.append("\(column) must be true or false")
            return false
        }
    }

    /// One row's fields by column name; a column the file lacks reads as empty.
    private struct Row {
        let fields: [String]
        let columns: [String: Int]

        subscript(_ column: String) -> String {
            columns[column].map { fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
        }

        func optional(_ column: String) -> String? {
            let value = self[column]
            return value.isEmpty ? nil : value
        }
    }

    // MARK: - RFC 4180

    struct Record: Equatable {
        /// The line the record starts on (1-based).
        var line: Int
        var fields: [String]
    }

    /// Splits `text` into records; blank lines are skipped. Throws for a quote left open.
    static func parse(_ text: String) throws(DirectoryCSVErrors) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var afterQuote = false
        var characters = text.unicodeScalars.makeIterator()
        var pending = characters.next()
        if pending == "\u{FEFF}" { pending = characters.next() }

        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        while let scalar = pending {
            pending = characters.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r" where pending == "\n":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
                quoteLine = line
            default:
                if afterQuote && scalar != " " && scalar != "\t" {
                    throw DirectoryCSVErrors(problems: [ControlErrorDetail(
                        line: line, message: "Text follows a closing quote; write a quote inside a quoted field as \"\".")])
                }
                if !afterQuote { field.unicodeScalars.append(scalar) }
            }
        }
        if quoted {
            throw DirectoryCSVErrors(problems: [ControlErrorDetail(line: quoteLine, message: "A quoted field is never closed.")])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

/// Everything wrong with a directory file, in line order.
struct DirectoryCSVErrors: Error {
    var problems: [ControlErrorDetail]
}
