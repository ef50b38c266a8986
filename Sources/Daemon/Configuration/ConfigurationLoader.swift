import Foundation
import TextingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds, reads and checks the configuration: the file, then the environment overrides, then the
/// rules that involve several keys or other files (the carrier's account and secret, the content
/// policy). Start-up, `--check-config` and every reload use the same loader.
public struct ConfigurationLoader: Sendable {
    /// The file name looked for in the configuration directories.
    public static let fileName = "twowayd.json"
    /// The configuration directory when systemd does not name one.
    public static let systemDirectory = "/etc/twowayd"

    /// The file given with `--config`; when set, no other place is looked at.
    public var explicitPath: String?
    /// The environment: `$CONFIGURATION_DIRECTORY`, `$CREDENTIALS_DIRECTORY`,
    /// `$STATE_DIRECTORY` and the `TWOWAYD_*` overrides are read from it.
    public var environment: [String: String]
    /// Whether the process runs as root (changes the default state directory).
    public var isRoot: Bool

    public init(
        explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        isRoot: Bool = geteuid() == 0
    ) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.isRoot = isRoot
    }

    /// The file to read: `--config PATH`; else `$CONFIGURATION_DIRECTORY/twowayd.json` if it
    /// exists; else `/etc/twowayd/twowayd.json` if it exists; else nil (embedded defaults).
    public func locateFile() -> String? {
        if let explicitPath { return explicitPath }
        var candidates: [String] = []
        if let directory = configurationDirectoryFromSystemd {
            candidates.append((directory as NSString).appendingPathComponent(Self.fileName))
        }
        candidates.append((Self.systemDirectory as NSString).appendingPathComponent(Self.fileName))
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Loads from ``locateFile()``.
    public func load() throws(ConfigurationError) -> LoadedConfiguration {
        try load(file: locateFile())
    }

    /// Loads `file` (nil: the embedded defaults), applies the environment overrides and checks
    /// everything.
    ///
    /// - Throws: the first problem found, as a ``ConfigurationError`` naming the file or variable
    ///   and the key.
    public func load(file: String?) throws(ConfigurationError) -> LoadedConfiguration {
        var configuration: DaemonConfiguration
        if let file {
            do {
                let value = try ConfigValue.parse(try Self.read(file))
                configuration = try DaemonConfiguration(reading: value, environment: environment, isRoot: isRoot)
            } catch {
                throw error.located(in: file)
            }
        } else {
            configuration = DaemonConfiguration(environment: environment, isRoot: isRoot)
        }
        try configuration.applyEnvironmentOverrides(environment)

        let directory = configurationDirectory(for: file)
        let credentials = Credentials.load(environment: environment, configurationDirectory: directory)
        try checkCarrier(configuration, credentials: credentials, file: file)
        let policy = try contentPolicy(configuration, relativeTo: file)
        guard let version = AppVersion(configuration.minimumAppVersion) else {
            // Unreachable for values read from a file (checked there); guards values set in code.
            throw ConfigurationError(
                .invalidValue, file: file, keyPath: "minimumAppVersion",
                problem: ConfigText.appVersion(configuration.minimumAppVersion) ?? "not a version")
        }
        return LoadedConfiguration(
            configuration: configuration, file: file, contentPolicy: policy, credentials: credentials,
            minimumAppVersion: version)
    }

    /// The directory relative paths and `credentials/` are taken from: the file's own directory,
    /// else `$CONFIGURATION_DIRECTORY`, else `/etc/twowayd`.
    public func configurationDirectory(for file: String?) -> String {
        if let file { return (file as NSString).deletingLastPathComponent.nonEmpty ?? "." }
        return configurationDirectoryFromSystemd ?? Self.systemDirectory
    }

    /// The first entry of `$CONFIGURATION_DIRECTORY` (systemd separates several with `:`).
    private var configurationDirectoryFromSystemd: String? {
        environment["CONFIGURATION_DIRECTORY"]?.split(separator: ":").first.map(String.init)
    }

    private func checkCarrier(
        _ configuration: DaemonConfiguration, credentials: Credentials, file: String?
    ) throws(ConfigurationError) {
        guard configuration.carrier.kind == .twilio else { return }
        guard configuration.carrier.accountSID != nil else {
            throw ConfigurationError(
                .missingValue, file: file, keyPath: "carrier.accountSID",
                problem: "carrier.kind is \"twilio\" but no accountSID is set; add the account SID (AC…) of the Twilio account")
        }
        guard credentials.twilioAuthToken != nil else {
            throw ConfigurationError(
                .missingCredential, file: file, keyPath: "carrier.kind",
                problem: "carrier.kind is \"twilio\" but no credential \(Credentials.twilioAuthTokenName) was found "
                    + "(looked in \(credentials.searched.joined(separator: ", "))); put the auth token in a file of that name")
        }
    }

    private func contentPolicy(
        _ configuration: DaemonConfiguration, relativeTo file: String?
    ) throws(ConfigurationError) -> ContentPolicy {
        guard let policyFile = configuration.contentPolicyFile else {
            do {
                return try ContentPolicy.bundledDefault()
            } catch {
                throw ConfigurationError(.invalidContentPolicy, keyPath: "contentPolicyFile", problem: error.message)
            }
        }
        let path = policyFile.hasPrefix("/")
            ? policyFile
            : ((configurationDirectory(for: file) as NSString).appendingPathComponent(policyFile))
        let bytes: [UInt8]
        do {
            bytes = try Self.read(path)
        } catch {
            throw ConfigurationError(
                .invalidContentPolicy, file: file, keyPath: "contentPolicyFile", problem: "\(path): \(error.problem)")
        }
        do {
            return try ContentPolicy(json: Data(bytes))
        } catch {
            throw ConfigurationError(
                .invalidContentPolicy, file: file, keyPath: "contentPolicyFile",
                problem: "\(path): \(error.message) [\(error.code)]")
        }
    }

    /// The bytes of `path`, or `config.unreadable_file` (attributed to `path`) saying why not.
    static func read(_ path: String) throws(ConfigurationError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigurationError(.unreadableFile, file: path, problem: "cannot read the file: no such file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigurationError(.unreadableFile, file: path, problem: "cannot read the file: it is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(.unreadableFile, file: path, problem: "cannot read the file: permission denied")
        }
        return [UInt8](data)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
