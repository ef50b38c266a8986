import Control
import Routing
import TextingCore

/// `directory.import`: the PMS client directory from a CSV export (R3, S3, A5), all or nothing.
extension ControlHandler {
    static let directoryRoutes: [(String, Route)] = [
        route(DirectoryImportCommand.self) { handler, args, connection in
            try await handler.importDirectory(args, connection: connection)
        },
    ]

    /// Stages a part (`more`), or reads the whole file and imports it when every row is valid.
    /// With any bad row nothing is written and the error lists every bad row with its line.
    private func importDirectory(_ args: DirectoryImportCommand, connection: ControlConnection) async throws -> DirectoryImportInfo {
        let id = try await practiceID(args.practice)
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
            if args.dryRun ?? false {
                return DirectoryImportInfo(practice: id.rawValue, imported: 0, valid: clients.count, dryRun: true, stagedBytes: 0)
            }
            try await router.importDirectory(practice: id, clients: clients)
            return DirectoryImportInfo(practice: id.rawValue, imported: clients.count, valid: clients.count, dryRun: false,
                                       stagedBytes: 0)
        }
    }
}
