/// A configuration the daemon refuses to run with: which file (or environment variable), which
/// key, and what is wrong with it in words an operator can act on.
///
/// `description` reads like `/etc/twowayd/twowayd.json: http.port: expected a whole number
/// 1-65535, found "80a" [config.invalid_value]`.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of the kind of problem; scripts may branch on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be read (missing, a directory, no permission).
        public static let unreadableFile = Code(rawValue: "config.unreadable_file")
        /// The file is not valid JSON, or has a key twice in one object.
        public static let malformedJSON = Code(rawValue: "config.malformed_json")
        /// A key the daemon does not know (usually a typo).
        public static let unknownKey = Code(rawValue: "config.unknown_key")
        /// A value of the wrong type or outside its allowed range.
        public static let invalidValue = Code(rawValue: "config.invalid_value")
        /// A setting that needs another one that is missing (e.g. Twilio without an account).
        public static let missingValue = Code(rawValue: "config.missing_value")
        /// A secret the configuration needs was not found in any credentials directory.
        public static let missingCredential = Code(rawValue: "config.missing_credential")
        /// The content-policy file could not be read or is not a valid policy.
        public static let invalidContentPolicy = Code(rawValue: "config.invalid_content_policy")
        /// The command line could not be understood.
        public static let invalidArguments = Code(rawValue: "config.invalid_arguments")
    }

    /// What kind of problem this is.
    public var code: Code
    /// The configuration file the problem is in; nil for environment variables, the command line
    /// and problems that are not tied to the file.
    public var file: String?
    /// The environment variable the bad value came from, when it came from one.
    public var environmentVariable: String?
    /// The dotted path of the key at fault, e.g. `http.port`; nil when the problem is not one key's.
    public var keyPath: String?
    /// The problem in words, e.g. `expected a whole number 1-65535, found "80a"`.
    public var problem: String

    public init(
        _ code: Code, file: String? = nil, environmentVariable: String? = nil, keyPath: String? = nil,
        problem: String
    ) {
        self.code = code
        self.file = file
        self.environmentVariable = environmentVariable
        self.keyPath = keyPath
        self.problem = problem
    }

    /// `FILE: KEY: PROBLEM [CODE]`, leaving out the parts that are not known; a value from the
    /// environment reads `TWOWAYD_HTTP_PORT (http.port): PROBLEM [CODE]`.
    public var description: String {
        var parts: [String] = []
        if let environmentVariable {
            parts.append(keyPath.map { "\(environmentVariable) (\($0))" } ?? environmentVariable)
        } else {
            if let file { parts.append(file) }
            if let keyPath { parts.append(keyPath) }
        }
        parts.append("\(problem) [\(code)]")
        return parts.joined(separator: ": ")
    }

    /// This error, attributed to `file` unless it already names a file or an environment variable.
    func located(in file: String?) -> ConfigurationError {
        var copy = self
        if copy.file == nil && copy.environmentVariable == nil { copy.file = file }
        return copy
    }
}
