import ArgumentParser
import Control
import Foundation

struct Directory: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the client directory exported by the practice-management software.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a PMS CSV export: all rows or none.",
            discussion: """
                Columns (header row required, any order): client_id, first_name, last_name, phones \
                (separated by ;), and optionally email, app_installed, app_signed_in, app_version, \
                chat_disabled. Rows are matched by client_id, so importing again updates them. If any \
                row is bad nothing is imported and every bad row is listed with its line number.
                """)
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Only check the file; import nothing.") var dryRun = false

        /// Bytes of CSV per request: JSON escaping at most doubles them, well under the 1 MiB limit.
        static let partBytes = 400_000

        func run() throws {
            let text: String
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard let decoded = String(data: data, encoding: .utf8) else {
                    ConnectionOptions.fail("\(file) is not UTF-8 text; export the directory as UTF-8 CSV.")
                    throw ExitCode(1)
                }
                text = decoded
            } catch let exit as ExitCode {
                throw exit
            } catch {
                ConnectionOptions.fail("Cannot read \(file): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            let parts = Self.split(text)
            let client = try connection.connect()
            for part in parts.dropLast() {
                _ = try connection.send(
                    DirectoryImportCommand(practice: practice.id, csv: part, more: true, dryRun: dryRun), on: client)
            }
            connection.emit(try connection.send(
                DirectoryImportCommand(practice: practice.id, csv: parts.last ?? "", dryRun: dryRun), on: client))
        }

        /// `text` in parts of at most ``partBytes`` UTF-8 bytes, split between characters.
        static func split(_ text: String) -> [String] {
            var parts: [String] = []
            var current = ""
            var bytes = 0
            for character in text {
                let size = character.utf8.count
                if bytes + size > partBytes, !current.isEmpty {
                    parts.append(current)
                    current = ""
                    bytes = 0
                }
                current.append(character)
                bytes += size
            }
            parts.append(current)
            return parts
        }
    }
}

struct Clients: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find clients to text.", subcommands: [Search.self])

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clients by last name with a textable number, and whether app chat is available.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: "The last name, any letter case.") var lastName: String

        func run() throws {
            try connection.run(ClientsSearchCommand(practice: practice.id, lastName: lastName))
        }
    }
}
