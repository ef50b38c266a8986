import Foundation
import TextingCore

extension DaemonConfiguration {
    /// Inbound MMS downloads (R4) and outbound media links (R5). Every key is read again on
    /// reload and applies to the next download, upload or link.
    public struct Media: Sendable, Hashable, Codable {
        /// The folder of the media files: empty (the default) for `<stateDirectory>/media`, else
        /// an absolute path. Daemons sharing one PostgreSQL database must all name the same
        /// folder, mounted on every machine (NFS or the like): a file one daemon stored is served
        /// by whichever daemon a link reaches. Read at start-up only.
        public var directory: String = ""
        /// The largest file kept (inbound) or accepted from staff (outbound), in bytes: 5 MB,
        /// the carriers' MMS limit.
        public var maxBytes: Int = 5_000_000
        /// Media types of inbound files the daemon keeps (`type/subtype`, `type/*` or `*/*`);
        /// others are recorded as failed without being fetched.
        public var allowedContentTypes: [String] = ContentTypeAllowlist.defaultPatterns
        /// How long a link to an outbound file works, in days.
        public var linkLifetimeDays: Int = 30
        /// Download attempts of one inbound file before it is recorded as failed (retries wait
        /// 2, 4, 8 … seconds, at most 10 minutes).
        public var downloadMaxAttempts: Int = 8
        /// How long one download may take, in seconds.
        public var downloadTimeoutSeconds: Int = 60

        public init() {}

        /// ``allowedContentTypes`` as an allowlist. The patterns were checked when read; an
        /// invalid one set in code falls back to the default list.
        public var allowlist: ContentTypeAllowlist {
            (try? ContentTypeAllowlist(allowedContentTypes)) ?? .standard
        }
    }
}

extension DaemonConfiguration.Media {
    static let keys = ["directory", "maxBytes", "allowedContentTypes", "linkLifetimeDays", "downloadMaxAttempts", "downloadTimeoutSeconds"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "media")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let text = try object.string("directory", Self.directoryProblem) { directory = text }
        if let bytes = try object.wholeNumber("maxBytes", in: 1_024...104_857_600) { maxBytes = bytes }
        if let patterns = try object.strings("allowedContentTypes") {
            do {
                _ = try ContentTypeAllowlist(patterns)
            } catch {
                throw ConfigurationError(.invalidValue, keyPath: object.keyPath("allowedContentTypes"), problem: error.message)
            }
            allowedContentTypes = patterns
        }
        if let days = try object.wholeNumber("linkLifetimeDays", in: 1...3_650) { linkLifetimeDays = days }
        if let count = try object.wholeNumber("downloadMaxAttempts", in: 1...100) { downloadMaxAttempts = count }
        if let seconds = try object.wholeNumber("downloadTimeoutSeconds", in: 1...3_600) { downloadTimeoutSeconds = seconds }
    }

    /// ``directory``: empty, or an absolute path.
    static func directoryProblem(_ text: String) -> String? {
        text.isEmpty ? nil : ConfigText.absolutePath(text)
    }

    /// The media folder for a daemon whose state directory is `stateDirectory`.
    public func folder(stateDirectory: String) -> String {
        directory.isEmpty ? (stateDirectory as NSString).appendingPathComponent(MediaStore.folderName) : directory
    }
}
