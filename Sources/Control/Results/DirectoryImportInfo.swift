/// The outcome of `directory.import`.
public struct DirectoryImportInfo: Codable, Sendable, Hashable {
    public var practice: Int64
    /// Rows written (inserted or updated by `client_id`); 0 for a dry run or a staged part.
    public var imported: Int
    /// Rows read and found valid.
    public var valid: Int
    /// True when only checked (`dryRun`), nothing written.
    public var dryRun: Bool
    /// For a part sent with `more`: bytes held so far for the final request; else 0.
    public var stagedBytes: Int

    public init(practice: Int64, imported: Int, valid: Int, dryRun: Bool, stagedBytes: Int) {
        self.practice = practice
        self.imported = imported
        self.valid = valid
        self.dryRun = dryRun
        self.stagedBytes = stagedBytes
    }
}
