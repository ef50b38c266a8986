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
            var rowProblems: [String] = []
            let clientID = row["client_id"]
            if clientID.isEmpty {
                rowProblems.append("client_id is missing")
            } else if let line = firstLine[clientID] {
                rowProblems.append("client_id \(clientID) is already on line \(line)")
            } else {
                firstLine[clientID] = record.line
            }
            // Issue 11: an id with a control character is malformed; U+0000 cannot be stored.
            if clientID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                rowProblems.append("client_id contains a control character")
            }
            for column in ["first_name", "last_name", "email"] where row[column].utf8.contains(0) {
                rowProblems.append("\(column) contains a NUL character (U+0000), which cannot be stored")
            }
            var phones: [PhoneNumber] = []
            let phoneTexts = row["phones"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            for (index, text) in phoneTexts.enumerated() {
                do {
                    let phone = try PhoneNumber(parsing: text)
                    if !phones.contains(phone) { phones.append(phone) }
                } catch {
                    rowProblems.append("phone \(index + 1) of \(phoneTexts.count): \(error.message)")
                }
            }
            var email: String?
            if !row["email"].isEmpty {
                email = EmailAddress(row["email"])?.value
                if email == nil { rowProblems.append("email is not one valid address") }
            }
            let installed = flag(row, "app_installed", &rowProblems)
            let signedIn = flag(row, "app_signed_in", &rowProblems)
            let chatDisabled = flag(row, "chat_disabled", &rowProblems)
            var version: AppVersion?
            if !row["app_version"].isEmpty {
                version = AppVersion(row["app_version"])
                if version == nil { rowProblems.append("app_version must be dotted numbers such as 3.12.1") }
            }
            guard rowProblems.isEmpty else {
                let sentence = rowProblems.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
                problems.append(ControlErrorDetail(line: record.line, message: sentence + "."))
                continue
            }
            let hasApp = installed || signedIn || chatDisabled || version != nil
            profiles.append(ClientProfile(
                id: ClientID(0), practiceID: practice, source: .pms, externalID: clientID,
                firstName: row.optional("first_name"), lastName: row.optional("last_name"), email: email, phones: phones,
                app: hasApp ? AppAccount(installed: installed, signedIn: signedIn, appVersion: version, chatDisabled: chatDisabled) : nil))
        }
        return problems.isEmpty ? .success(profiles) : .failure(DirectoryCSVErrors(problems: problems))
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
