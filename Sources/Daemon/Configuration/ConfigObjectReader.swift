import Logging

/// Reads the members of one configuration object by key, with the checks every key shares:
/// the value must be an object, every key must be a known one, and each value must have the
/// expected type and range. Errors carry the dotted key path (`http.port`) and the value found.
///
/// A missing key and an explicit `null` both mean "keep the default": every accessor then
/// returns nil.
struct ConfigObjectReader {
    /// Dotted path of this object (`""` for the top level).
    let path: String
    private let members: [String: ConfigValue]

    /// - Throws: `config.invalid_value` when `value` is not an object; `config.unknown_key` for the
    ///   first key (in file order) that is not in `knownKeys`, suggesting a close known key.
    init(_ value: ConfigValue, path: String, knownKeys: [String]) throws(ConfigurationError) {
        self.path = path
        guard case .object(let list) = value else {
            throw ConfigurationError(
                .invalidValue, keyPath: path.isEmpty ? nil : path,
                problem: "expected an object ({ … }), found \(value.quoted)")
        }
        for member in list where !knownKeys.contains(member.key) {
            var problem = "unknown key \(ConfigValue.jsonQuoted(member.key))"
            if let guess = Self.closest(to: member.key, in: knownKeys) {
                problem += " (did you mean \(ConfigValue.jsonQuoted(guess))?)"
            }
            problem += "; the keys allowed here are \(knownKeys.joined(separator: ", "))"
            throw ConfigurationError(.unknownKey, keyPath: Self.join(path, member.key), problem: problem)
        }
        members = Dictionary(list.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The value at `key`, nil when absent or null.
    func value(_ key: String) -> ConfigValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func keyPath(_ key: String) -> String { Self.join(path, key) }

    func string(_ key: String, _ rule: (String) -> String? = { _ in nil }) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        return try ConfigRules.string(value, rule).get(at: keyPath(key))
    }

    func wholeNumber(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = value(key) else { return nil }
        return try ConfigRules.wholeNumber(value, in: range).get(at: keyPath(key))
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = value(key) else { return nil }
        return try ConfigRules.number(value, in: range).get(at: keyPath(key))
    }

    func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(key) else { return nil }
        return try ConfigRules.bool(value).get(at: keyPath(key))
    }

    func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = value(key) else { return nil }
        return try ConfigRules.strings(value).get(at: keyPath(key))
    }

    func logLevel(_ key: String) throws(ConfigurationError) -> Logger.Level? {
        guard let value = value(key) else { return nil }
        return try ConfigRules.logLevel(value).get(at: keyPath(key))
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The known key within edit distance 2 of `key` (case-insensitively), if exactly one is.
    static func closest(to key: String, in known: [String]) -> String? {
        let candidates = known.filter { editDistance($0.lowercased(), key.lowercased()) <= 2 }
        return candidates.count == 1 ? candidates[0] : nil
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A value that broke a rule: the problem in words, before it is tied to a key.
struct ConfigProblem: Error {
    var problem: String
}

extension Result where Failure == ConfigProblem {
    /// The value, or a `config.invalid_value` error at `keyPath`.
    func get(at keyPath: String) throws(ConfigurationError) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let failure): throw ConfigurationError(.invalidValue, keyPath: keyPath, problem: failure.problem)
        }
    }
}

/// The checks one value must pass, shared by the file reader and the environment overrides so
/// both report the same words (`expected a whole number 1-65535, found "80a"`).
enum ConfigRules {
    static func string(_ value: ConfigValue, _ rule: (String) -> String?) -> Result<String, ConfigProblem> {
        guard case .string(let text) = value else {
            return .failure(ConfigProblem(problem: "expected a string in double quotes, found \(value.quoted)"))
        }
        if let problem = rule(text) { return .failure(ConfigProblem(problem: problem)) }
        return .success(text)
    }

    static func wholeNumber(_ value: ConfigValue, in range: ClosedRange<Int>) -> Result<Int, ConfigProblem> {
        let expected = "expected a whole number \(range.lowerBound)-\(range.upperBound), found \(value.quoted)"
        guard case .number(let number, _) = value, number.rounded() == number,
              number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else { return .failure(ConfigProblem(problem: expected)) }
        return .success(Int(number))
    }

    static func number(_ value: ConfigValue, in range: ClosedRange<Double>) -> Result<Double, ConfigProblem> {
        guard case .number(let number, _) = value, range.contains(number) else {
            return .failure(ConfigProblem(
                problem: "expected a number from \(format(range.lowerBound)) to \(format(range.upperBound)), found \(value.quoted)"))
        }
        return .success(number)
    }

    static func bool(_ value: ConfigValue) -> Result<Bool, ConfigProblem> {
        guard case .bool(let flag) = value else {
            return .failure(ConfigProblem(problem: "expected true or false, found \(value.quoted)"))
        }
        return .success(flag)
    }

    static func strings(_ value: ConfigValue) -> Result<[String], ConfigProblem> {
        guard case .array(let elements) = value else {
            return .failure(ConfigProblem(problem: "expected a list of strings such as [\"root\"], found \(value.quoted)"))
        }
        var result: [String] = []
        for element in elements {
            guard case .string(let text) = element, !text.isEmpty else {
                return .failure(ConfigProblem(problem: "expected a list of non-empty strings, found \(element.quoted) in the list"))
            }
            result.append(text)
        }
        return .success(result)
    }

    static let logLevelNames = Logger.Level.allCases.map(\.rawValue)

    static func logLevel(_ value: ConfigValue) -> Result<Logger.Level, ConfigProblem> {
        let expected = "expected one of \(logLevelNames.joined(separator: ", ")), found \(value.quoted)"
        guard case .string(let text) = value, let level = Logger.Level(rawValue: text.lowercased()) else {
            return .failure(ConfigProblem(problem: expected))
        }
        return .success(level)
    }

    /// A value from an environment variable as the file would hold it: a number when the text is
    /// one (so `TWOWAYD_HTTP_PORT=8080` passes the whole-number rule), otherwise a string.
    static func environmentValue(_ text: String) -> ConfigValue {
        if let number = Double(text), number.isFinite, text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) {
            return .number(number, text: text)
        }
        return .string(text)
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
