import Foundation
import TextingCore

/// `twowayd store copy --from <sqlite file> (--to <postgres url> | --to-file <path>)`: what to
/// copy where.
public struct StoreCopyOptions: Sendable, Hashable {
    /// Where the PostgreSQL URL comes from.
    public enum Target: Sendable, Hashable {
        /// Given on the command line (visible in `ps` while the copy runs).
        case url(String)
        /// Read from a file, e.g. the `postgres-url` credential, so it never shows in `ps`.
        case file(String)
    }

    /// The SQLite database to copy from (`<stateDirectory>/twowayd.sqlite`).
    public var source: String
    /// The empty PostgreSQL database to copy into.
    public var target: Target

    public init(source: String, target: Target) {
        self.source = source
        self.target = target
    }

    /// Parses the arguments after `store`.
    ///
    /// - Throws: `config.invalid_arguments` for anything but `copy --from PATH` with exactly one
    ///   of `--to URL` and `--to-file PATH`.
    public init(parsing arguments: [String]) throws(ConfigurationError) {
        var remaining = arguments[...]
        guard remaining.popFirst() == "copy" else {
            throw Self.invalid("the store command is store copy --from FILE --to URL; see twowayd --help")
        }
        var source: String?
        var target: Target?
        while let argument = remaining.popFirst() {
            let (name, inline) = Self.split(argument)
            guard ["--from", "--to", "--to-file"].contains(name) else {
                throw Self.invalid("unknown argument \(ConfigValue.jsonQuoted(argument)) of store copy; see twowayd --help")
            }
            guard let value = inline ?? remaining.popFirst(), !value.isEmpty, inline != nil || !value.hasPrefix("--") else {
                throw Self.invalid("\(name) needs a value")
            }
            switch name {
            case "--from":
                guard source == nil else { throw Self.invalid("--from may be given only once") }
                source = value
            default:
                guard target == nil else { throw Self.invalid("give the database once, with --to or --to-file") }
                target = name == "--to" ? .url(value) : .file(value)
            }
        }
        guard let source else { throw Self.invalid("store copy needs --from, the SQLite file to copy") }
        guard let target else { throw Self.invalid("store copy needs --to URL or --to-file PATH, the PostgreSQL database") }
        self.init(source: source, target: target)
    }

    /// The PostgreSQL URL: as given, or the file's first line.
    ///
    /// - Throws: `store_copy.url_file` when the file cannot be read.
    public func targetURL() throws(TextingError) -> String {
        switch target {
        case .url(let url):
            return url
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TextingError(.init("store_copy.url_file"), "Cannot read the PostgreSQL URL file \(path).")
            }
            return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private static func invalid(_ problem: String) -> ConfigurationError {
        ConfigurationError(.invalidArguments, problem: problem)
    }
}
