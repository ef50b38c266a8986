/// What `twowayd` was asked to do on its command line.
///
/// ```
/// twowayd [--config PATH]                  run the daemon
/// twowayd --check-config [--config PATH]   check the configuration, print the verdict, exit 0/1
/// twowayd --help                           print the usage
/// twowayd --version                        print the version
/// twowayd store copy --from FILE --to URL   copy a SQLite database into an empty PostgreSQL one
/// ```
public struct CommandLineOptions: Sendable, Hashable {
    /// What the process does.
    public enum Mode: Sendable, Hashable {
        /// Run the daemon until SIGTERM/SIGINT.
        case run
        /// Load and check the configuration, print `configuration OK` or the error, and exit.
        case checkConfiguration
        /// Print ``usage`` and exit.
        case help
        /// Print the version and exit.
        case version
        /// Copy a SQLite database into an empty PostgreSQL database and exit.
        case storeCopy(StoreCopyOptions)
    }

    /// What the process does.
    public var mode: Mode = .run
    /// The configuration file given with `--config PATH` (or `--config=PATH`).
    public var configPath: String?

    public init(mode: Mode = .run, configPath: String? = nil) {
        self.mode = mode
        self.configPath = configPath
    }

    /// Parses the arguments after the program name.
    ///
    /// - Throws: `config.invalid_arguments` for an unknown option, a missing or repeated value.
    public init(parsing arguments: [String]) throws(ConfigurationError) {
        if arguments.first == "store" {
            mode = .storeCopy(try StoreCopyOptions(parsing: Array(arguments.dropFirst())))
            return
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--check-config":
                mode = mode == .help ? .help : .checkConfiguration
            case "--help", "-h":
                mode = .help
            case "--version":
                mode = mode == .help ? .help : .version
            case "--config":
                guard let path = remaining.popFirst(), !path.isEmpty, !path.hasPrefix("--") else {
                    throw Self.invalid("--config needs a file path, e.g. --config /etc/twowayd/twowayd.json")
                }
                try setConfigPath(path)
            case _ where argument.hasPrefix("--config="):
                let path = String(argument.dropFirst("--config=".count))
                guard !path.isEmpty else { throw Self.invalid("--config= needs a file path") }
                try setConfigPath(path)
            default:
                throw Self.invalid("unknown argument \(ConfigValue.jsonQuoted(argument)); see twowayd --help")
            }
        }
    }

    private mutating func setConfigPath(_ path: String) throws(ConfigurationError) {
        guard configPath == nil else { throw Self.invalid("--config may be given only once") }
        configPath = path
    }

    private static func invalid(_ problem: String) -> ConfigurationError {
        ConfigurationError(.invalidArguments, problem: problem)
    }

    /// The text `--help` prints.
    public static let usage = """
        usage: twowayd [--config PATH] [--check-config] [--version]
               twowayd store copy --from SQLITE-FILE (--to POSTGRES-URL | --to-file PATH)

          --config PATH    read the configuration from PATH instead of
                           $CONFIGURATION_DIRECTORY/twowayd.json or /etc/twowayd/twowayd.json
          --check-config   check the configuration (file, environment overrides, credentials,
                           content policy), print "configuration OK" or the error, exit 0 or 1
          --version        print the version
          -h, --help       print this text
          store copy       copy the SQLite database (e.g. /var/lib/twowayd/twowayd.sqlite) into
                           an empty PostgreSQL database, checking every table's row count; the
                           URL may be read from a file (--to-file, e.g. the postgres-url
                           credential). Exit 0 copied, 1 failed, 3 the database was not empty.

        Without --config and without a file the built-in defaults are used (sandbox carrier,
        HTTP on 127.0.0.1:8080). See Docs/configuration.md for every key.
        """
}
