import Foundation
import TextingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension DaemonConfiguration {
    /// The defaults for this environment with every key present in `value` (a JSON object)
    /// applied over them. Only types and ranges are checked here; rules that involve several
    /// keys or files are ``ConfigurationLoader``'s.
    ///
    /// - Throws: `config.unknown_key` or `config.invalid_value` with the key path (no file name:
    ///   the caller adds it).
    public init(
        reading value: ConfigValue, environment: [String: String] = ProcessInfo.processInfo.environment,
        isRoot: Bool = geteuid() == 0
    ) throws(ConfigurationError) {
        self.init(environment: environment, isRoot: isRoot)
        try apply(value)
    }

    /// Reads the same JSON as ``init(reading:environment:isRoot:)`` through a `Decoder`, with the
    /// process's own environment for the state-directory default.
    public init(from decoder: any Decoder) throws {
        try self.init(reading: ConfigValue(from: decoder))
    }

    mutating func apply(_ value: ConfigValue) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: "", knownKeys: Self.keys)
        if let level = try object.logLevel("logLevel") { logLevel = level }
        if let nested = object.value("http") { try http.apply(nested, path: "http") }
        if let nested = object.value("api") { try api.apply(nested, path: "api") }
        if let nested = object.value("control") { try control.apply(nested, path: "control") }
        if let directory = try object.string("stateDirectory", ConfigText.nonEmpty) { stateDirectory = directory }
        if let nested = object.value("store") { try store.apply(nested, path: "store") }
        if let nested = object.value("carrier") { try carrier.apply(nested, path: "carrier") }
        if let nested = object.value("outbox") { try outbox.apply(nested, path: "outbox") }
        if let nested = object.value("sessions") { try sessions.apply(nested, path: "sessions") }
        contentPolicyFile = try object.string("contentPolicyFile", ConfigText.nonEmpty) ?? contentPolicyFile
        if let version = try object.string("minimumAppVersion", ConfigText.appVersion) { minimumAppVersion = version }
        if let flag = try object.bool("logPhoneNumbers") { logPhoneNumbers = flag }
        if let nested = object.value("porting") { try porting.apply(nested, path: "porting") }
        if let nested = object.value("sandbox") { try sandbox.apply(nested, path: "sandbox") }
        if let nested = object.value("media") { try media.apply(nested, path: "media") }
        if let nested = object.value("metrics") { try metrics.apply(nested, path: "metrics") }
        if let nested = object.value("webhooks") { try webhooks.apply(nested, path: "webhooks") }
        if let nested = object.value("app") { try app.apply(nested, path: "app") }
        if let nested = object.value("reminders") { try reminders.apply(nested, path: "reminders") }
    }
}

extension DaemonConfiguration.HTTP {
    static let keys = [
        "host", "port", "publicURL", "maxBodyBytes", "headerTimeoutSeconds", "bodyTimeoutSeconds",
        "idleTimeoutSeconds", "maxConnections",
    ]
    /// Valid ports for a listener.
    static let portRange = 1...65_535
    /// Smallest and largest accepted body limit: a Twilio webhook is a few kilobytes.
    static let bodyLimitRange = 1_024...16_777_216

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "http")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let text = try object.string("host", ConfigText.host) { host = text }
        if let number = try object.wholeNumber("port", in: Self.portRange) { port = number }
        if let url = try object.string("publicURL", ConfigText.baseURL) { publicURL = ConfigText.trimmingSlash(url) }
        if let number = try object.wholeNumber("maxBodyBytes", in: Self.bodyLimitRange) { maxBodyBytes = number }
        if let seconds = try object.number("headerTimeoutSeconds", in: Self.timeoutRange) { headerTimeoutSeconds = seconds }
        if let seconds = try object.number("bodyTimeoutSeconds", in: Self.timeoutRange) { bodyTimeoutSeconds = seconds }
        if let seconds = try object.number("idleTimeoutSeconds", in: Self.timeoutRange) { idleTimeoutSeconds = seconds }
        if let number = try object.wholeNumber("maxConnections", in: Self.connectionRange) { maxConnections = number }
    }
}

extension DaemonConfiguration.API {
    static let keys = ["enabled", "host", "port", "publicURL"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "api")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let flag = try object.bool("enabled") { enabled = flag }
        if let text = try object.string("host", ConfigText.host) { host = text }
        if let number = try object.wholeNumber("port", in: DaemonConfiguration.HTTP.portRange) { port = number }
        if let url = try object.string("publicURL", ConfigText.baseURL) { publicURL = ConfigText.trimmingSlash(url) }
    }
}

extension DaemonConfiguration.Control {
    static let keys = ["socketPath", "allowedUsers", "allowedGroups"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "control")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let text = try object.string("socketPath", ConfigText.absolutePath) { socketPath = text }
        if let names = try object.strings("allowedUsers") { allowedUsers = names }
        if let names = try object.strings("allowedGroups") { allowedGroups = names }
    }
}

extension DaemonConfiguration.Carrier {
    static let keys = ["kind", "accountSID", "apiBaseURL", "carrierSendsOptOutConfirmation"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "carrier")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let text = try object.string("kind", ConfigText.carrierKind), let parsed = Kind(rawValue: text) {
            kind = parsed
        }
        accountSID = try object.string("accountSID", ConfigText.accountSID) ?? accountSID
        if let url = try object.string("apiBaseURL", ConfigText.baseURL) { apiBaseURL = ConfigText.trimmingSlash(url) }
        if let flag = try object.bool("carrierSendsOptOutConfirmation") { carrierSendsOptOutConfirmation = flag }
    }
}

extension DaemonConfiguration.Outbox {
    static let keys = ["segmentsPerSecond", "maxAttempts"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "outbox")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let rate = try object.number("segmentsPerSecond", in: 0.01...1_000) { segmentsPerSecond = rate }
        if let count = try object.wholeNumber("maxAttempts", in: 1...1_000) { maxAttempts = count }
    }
}

extension DaemonConfiguration.Sessions {
    static let keys = ["idleTimeoutSeconds", "reapIntervalSeconds"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "sessions")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let seconds = try object.wholeNumber("idleTimeoutSeconds", in: 1...604_800) { idleTimeoutSeconds = seconds }
        if let seconds = try object.wholeNumber("reapIntervalSeconds", in: 1...86_400) { reapIntervalSeconds = seconds }
    }
}

extension DaemonConfiguration.Porting {
    static let keys = ["eligibleCarriers", "setupFeeCents"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "porting")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let names = try object.strings("eligibleCarriers") { eligibleCarriers = names }
        if let cents = try object.wholeNumber("setupFeeCents", in: 0...100_000_000) { setupFeeCents = cents }
    }
}

extension DaemonConfiguration.Sandbox {
    static let keys = ["seedDemoPractice"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "sandbox")
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        if let flag = try object.bool("seedDemoPractice") { seedDemoPractice = flag }
    }
}

/// Rules for string values: each returns the problem in words, or nil when the text is fine.
enum ConfigText {
    static func nonEmpty(_ text: String) -> String? {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? "expected a non-empty string, found \"\"" : nil
    }

    static func absolutePath(_ text: String) -> String? {
        text.hasPrefix("/") ? nil : "expected an absolute path starting with /, found \(ConfigValue.jsonQuoted(text))"
    }

    static func storeKind(_ text: String) -> String? {
        let kinds = DaemonConfiguration.Store.Kind.allCases.map(\.rawValue)
        return kinds.contains(text)
            ? nil : "expected one of \(kinds.joined(separator: ", ")), found \(ConfigValue.jsonQuoted(text))"
    }

    static func carrierKind(_ text: String) -> String? {
        let kinds = DaemonConfiguration.Carrier.Kind.allCases.map(\.rawValue)
        return kinds.contains(text)
            ? nil : "expected one of \(kinds.joined(separator: ", ")), found \(ConfigValue.jsonQuoted(text))"
    }

    /// A Twilio account SID: `AC` followed by 32 hexadecimal digits.
    static func accountSID(_ text: String) -> String? {
        let hex = text.dropFirst(2)
        let valid = text.hasPrefix("AC") && hex.count == 32 && hex.allSatisfy(\.isHexDigit)
        return valid ? nil : "expected an account SID: AC followed by 32 hexadecimal digits, found \(ConfigValue.jsonQuoted(text))"
    }

    static func appVersion(_ text: String) -> String? {
        AppVersion(text) == nil
            ? "expected a version of numbers separated by dots such as \"2.4.0\", found \(ConfigValue.jsonQuoted(text))" : nil
    }

    /// An `http` or `https` URL with a host and no query, fragment or credentials.
    static func baseURL(_ text: String) -> String? {
        let expected = "expected an http:// or https:// URL with a host and no query, such as \"https://texting.example.com\", found \(ConfigValue.jsonQuoted(text))"
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else { return expected }
        return nil
    }

    static func trimmingSlash(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
