extension DaemonConfiguration {
    /// One environment variable that overrides one key of the file.
    public struct EnvironmentOverride: Sendable {
        /// The variable, e.g. `TWOWAYD_HTTP_PORT`.
        public let variable: String
        /// The key it replaces, e.g. `http.port`.
        public let keyPath: String
        let apply: @Sendable (inout DaemonConfiguration, String) -> Result<Void, ConfigProblem>
    }

    /// The variables read after the file, in this order; each replaces one key. Documented in
    /// `Docs/configuration.md`.
    public static let environmentOverrides: [EnvironmentOverride] = [
        EnvironmentOverride(variable: "TWOWAYD_LOG_LEVEL", keyPath: "logLevel") { configuration, text in
            ConfigRules.logLevel(.string(text)).map { configuration.logLevel = $0 }
        },
        EnvironmentOverride(variable: "TWOWAYD_HTTP_HOST", keyPath: "http.host") { configuration, text in
            ConfigRules.string(.string(text), ConfigText.host).map { configuration.http.host = $0 }
        },
        EnvironmentOverride(variable: "TWOWAYD_HTTP_PORT", keyPath: "http.port") { configuration, text in
            ConfigRules.wholeNumber(ConfigRules.environmentValue(text), in: HTTP.portRange)
                .map { configuration.http.port = $0 }
        },
        EnvironmentOverride(variable: "TWOWAYD_STATE_DIRECTORY", keyPath: "stateDirectory") { configuration, text in
            ConfigRules.string(.string(text), ConfigText.nonEmpty).map { configuration.stateDirectory = $0 }
        },
        EnvironmentOverride(variable: "TWOWAYD_PUBLIC_URL", keyPath: "http.publicURL") { configuration, text in
            ConfigRules.string(.string(text), ConfigText.baseURL)
                .map { configuration.http.publicURL = ConfigText.trimmingSlash($0) }
        },
    ]

    /// Applies every override variable that is set (an empty value counts as set and is checked
    /// like any other).
    ///
    /// - Throws: `config.invalid_value` naming the variable and the key it overrides.
    public mutating func applyEnvironmentOverrides(_ environment: [String: String]) throws(ConfigurationError) {
        for override in Self.environmentOverrides {
            guard let text = environment[override.variable] else { continue }
            if case .failure(let failure) = override.apply(&self, text) {
                throw ConfigurationError(
                    .invalidValue, environmentVariable: override.variable, keyPath: override.keyPath,
                    problem: failure.problem)
            }
        }
    }
}
