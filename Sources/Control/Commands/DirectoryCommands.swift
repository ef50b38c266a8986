/// `directory.import`: upserts the PMS client directory from a CSV export, by `client_id`, all
/// or nothing: when any row is bad nothing is imported and every bad row is reported
/// (`directory.invalid_rows`, one detail per row with its line).
///
/// A file too large for one request line is sent in parts: every part but the last with
/// `more: true` (the daemon holds them for this connection), the last without; the parts are
/// joined in order and the whole is checked and imported by the last request.
public struct DirectoryImportCommand: ControlCommand, PracticeScoped {
    public typealias Result = DirectoryImportInfo
    public static let name = "directory.import"
    public var practice: Int64?
    /// The CSV text (or a part of it).
    public var csv: String
    /// More parts follow on this connection.
    public var more: Bool?
    /// Check only; write nothing.
    public var dryRun: Bool?

    public init(practice: Int64?, csv: String, more: Bool? = nil, dryRun: Bool? = nil) {
        self.practice = practice
        self.csv = csv
        self.more = more
        self.dryRun = dryRun
    }
}

/// `clients.search`: clients by last name, case-insensitive, that have a number (S3), each with
/// app chat availability and its reason (S2).
public struct ClientsSearchCommand: ControlCommand, PracticeScoped {
    public typealias Result = ClientList
    public static let name = "clients.search"
    public var practice: Int64?
    public var lastName: String

    public init(practice: Int64?, lastName: String) {
        self.practice = practice
        self.lastName = lastName
    }
}
