import Control
import Routing
import TextingCore

/// `directory.import`: the PMS client directory (R3, S3, A5), all or nothing; admins only. The
/// door reads the file (its parts may arrive over several requests) into profiles; the
/// operation decides whose directory it is and stores it.
extension Operations {
    /// The practice whose directory `caller` may import: an admin's own, any for the system
    /// administrator. Doors call it before they read the file, so a refused caller's file is
    /// never read.
    public func directoryPractice(_ caller: Caller, _ requested: Int64?) async throws -> PracticeID {
        try await adminPractice(caller, requested)
    }

    /// Replaces the practice's PMS directory with `clients` (or, with `dryRun`, only counts them).
    public func importDirectory(
        _ caller: Caller, practice requested: PracticeID, clients: [ClientProfile], dryRun: Bool
    ) async throws -> DirectoryImportInfo {
        let id = try await adminPractice(caller, requested.rawValue)
        if dryRun {
            return DirectoryImportInfo(practice: id.rawValue, imported: 0, valid: clients.count, dryRun: true, stagedBytes: 0)
        }
        try await router.importDirectory(practice: id, clients: clients)
        return DirectoryImportInfo(practice: id.rawValue, imported: clients.count, valid: clients.count, dryRun: false,
                                   stagedBytes: 0)
    }
}
