import Control
import Operations
import TextingCore

/// `directory.import`: the PMS client directory from a CSV export (R3, S3, A5), all or nothing.
/// The socket stages the file's parts on the connection and reads the CSV; ``Operations``
/// decides whose directory it is and stores it.
extension ControlHandler {
    static let directoryRoutes: [(String, Route)] = [
        route(DirectoryImportCommand.self) { operations, args, caller, connection in
            try await importDirectory(args, operations: operations, caller: caller, connection: connection)
        },
    ]

    /// Stages a part (`more`), or reads the whole file and imports it when every row is valid.
    /// With any bad row nothing is written and the error lists every bad row with its line.
    private static func importDirectory(
        _ args: DirectoryImportCommand, operations: Operations, caller: Caller, connection: ControlConnection
    ) async throws -> DirectoryImportInfo {
        let id = try await operations.directoryPractice(caller, args.practice)
        if args.more ?? false {
            guard let staged = connection.stage(args.csv) else {
                throw TextingError(.init("directory.too_large"),
                                   "The directory file is larger than \(ControlConnection.maxStagedBytes / 1_048_576) MiB; "
                                       + "split it into several imports (rows are matched by client_id).")
            }
            return DirectoryImportInfo(practice: id.rawValue, imported: 0, valid: 0, dryRun: args.dryRun ?? false,
                                       stagedBytes: staged)
        }
        let text = connection.takeStaged(appending: args.csv)
        switch DirectoryCSV.read(text, practice: id) {
        case .failure(let errors):
            let rows = errors.problems.count
            throw ControlErrorBody(
                code: "directory.invalid_rows",
                message: "\(rows) \(rows == 1 ? "problem" : "problems") in the directory file; nothing was imported.",
                details: errors.problems)
        case .success(let clients):
            return try await operations.importDirectory(caller, practice: id, clients: clients, dryRun: args.dryRun ?? false)
        }
    }
}
