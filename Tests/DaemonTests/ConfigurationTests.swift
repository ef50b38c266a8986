import Foundation
import Logging
import Testing
import TextingCore
@testable import Daemon

@Suite struct ConfigurationTests {
    /// An environment without systemd's variables, as when run by hand as a normal user.
    static let plainEnvironment: [String: String] = [:]

    static func load(_ json: String?, environment: [String: String] = plainEnvironment) throws -> LoadedConfiguration {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try json.map { try directory.write("twowayd.json", $0) }
        return try ConfigurationLoader(environment: environment, isRoot: false).load(file: file)
    }

    static func error(_ json: String, environment: [String: String] = plainEnvironment) -> ConfigurationError? {
        do {
            _ = try load(json, environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func noFileGivesTheEmbeddedDefaults() throws {
        let loaded = try Self.load(nil)
        let configuration = loaded.configuration
        #expect(loaded.file == nil)
        #expect(configuration.logLevel == .info)
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.http.port == 8080)
        #expect(configuration.http.publicURL == "http://127.0.0.1:8080")
        #expect(configuration.http.maxBodyBytes == 65_536)
        #expect(configuration.control.socketPath == "/run/twowayd.control.sock")
        #expect(configuration.control.allowedUsers == ["root"])
        #expect(configuration.control.allowedGroups == ["twowayd"])
        #expect(configuration.stateDirectory == "./.twowayd-state")
        #expect(configuration.carrier.kind == .sandbox)
        #expect(configuration.carrier.accountSID == nil)
        #expect(configuration.carrier.apiBaseURL == "https://api.twilio.com")
        #expect(configuration.carrier.carrierSendsOptOutConfirmation == false)
        #expect(configuration.outbox.segmentsPerSecond == 3)
        #expect(configuration.outbox.maxAttempts == 10)
        #expect(configuration.sessions.idleTimeoutSeconds == 600)
        #expect(configuration.sessions.reapIntervalSeconds == 60)
        #expect(configuration.contentPolicyFile == nil)
        #expect(configuration.minimumAppVersion == "1.0.0")
        #expect(configuration.logPhoneNumbers == false)
        #expect(configuration.porting.eligibleCarriers.contains("Verizon"))
        #expect(configuration.porting.setupFeeCents == 29_900)
        #expect(configuration.sandbox.seedDemoPractice == true)
        #expect(!loaded.contentPolicy.rules.isEmpty)
    }

    @Test func anEmptyObjectAndNullsMeanTheDefaults() throws {
        let defaults = try Self.load(nil).configuration
        #expect(try Self.load("{}").configuration == defaults)
        #expect(try Self.load(#"{"http": null, "logLevel": null, "carrier": {"accountSID": null}}"#).configuration == defaults)
    }

    @Test func stateDirectoryDefaultFollowsSystemdThenRoot() {
        #expect(DaemonConfiguration.defaultStateDirectory(environment: ["STATE_DIRECTORY": "/var/lib/twowayd"], isRoot: false)
            == "/var/lib/twowayd")
        #expect(DaemonConfiguration.defaultStateDirectory(environment: ["STATE_DIRECTORY": "/a:/b"], isRoot: false) == "/a")
        #expect(DaemonConfiguration.defaultStateDirectory(environment: [:], isRoot: true) == "/var/lib/twowayd")
        #expect(DaemonConfiguration.defaultStateDirectory(environment: [:], isRoot: false) == "./.twowayd-state")
    }

    @Test func shippedFileHoldsTheDefaultsWrittenOut() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shipped = repository.appendingPathComponent("Config/twowayd.json").path
        let loaded = try ConfigurationLoader(environment: [:], isRoot: false).load(file: shipped)
        var expected = DaemonConfiguration(environment: [:], isRoot: false)
        // The one difference: the shipped file names the installed copy of the policy, so
        // operators can edit /etc/twowayd/content-policy.json and reload.
        expected.contentPolicyFile = "content-policy.json"
        #expect(loaded.configuration == expected)
        #expect(loaded.contentPolicy == (try Self.load(nil)).contentPolicy)
        // Every top-level key is written out.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: shipped)))
        guard case .object(let members) = try ConfigValue.parse(bytes) else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == DaemonConfiguration.keys)
        // The staff API section lists each of its keys too.
        guard case .object(let api)? = members.first(where: { $0.key == "api" })?.value else {
            Issue.record("no api object")
            return
        }
        #expect(api.map(\.key) == DaemonConfiguration.API.keys)
    }

    @Test func fileValuesReplaceDefaults() throws {
        let configuration = try Self.load("""
            {"logLevel": "DEBUG", "http": {"port": 9000, "publicURL": "https://texting.example.com/"},
             "outbox": {"segmentsPerSecond": 1.5}, "logPhoneNumbers": true, "stateDirectory": "/tmp/x"}
            """).configuration
        #expect(configuration.logLevel == .debug)
        #expect(configuration.http.port == 9000)
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.http.publicURL == "https://texting.example.com")
        #expect(configuration.outbox.segmentsPerSecond == 1.5)
        #expect(configuration.logPhoneNumbers)
        #expect(configuration.stateDirectory == "/tmp/x")

        let porting = try Self.load(#"{"porting": {"eligibleCarriers": ["Telus"], "setupFeeCents": 0}}"#).configuration.porting
        #expect(porting.policy.eligibleCarrier(named: "TELUS") == "Telus")
        #expect(porting.policy.eligibleCarrier(named: "Verizon") == nil)
        #expect(porting.setupFeeCents == 0)
    }

    @Test func unknownKeyErrorNamesTheKeyAndSuggestsTheRightOne() throws {
        let error = try #require(Self.error(#"{"http": {"prot": 80}}"#))
        #expect(error.code == .unknownKey)
        #expect(error.keyPath == "http.prot")
        #expect(error.file?.hasSuffix("twowayd.json") == true)
        #expect(error.problem.contains(#"did you mean "port"?"#))

        let topLevel = try #require(Self.error(#"{"loglevel": "info"}"#))
        #expect(topLevel.keyPath == "loglevel")
        #expect(topLevel.problem.contains(#"did you mean "logLevel"?"#))
    }

    @Test func badPortErrorSaysWhatWasExpectedAndFound() throws {
        let text = try #require(Self.error(#"{"http": {"port": "80a"}}"#))
        #expect(text.code == .invalidValue)
        #expect(text.keyPath == "http.port")
        #expect(text.problem == #"expected a whole number 1-65535, found "80a""#)
        #expect(text.description.hasSuffix(#"twowayd.json: http.port: expected a whole number 1-65535, found "80a" [config.invalid_value]"#))

        #expect(Self.error(#"{"http": {"port": 70000}}"#)?.problem == "expected a whole number 1-65535, found 70000")
        #expect(Self.error(#"{"http": {"port": 80.5}}"#)?.problem == "expected a whole number 1-65535, found 80.5")
        #expect(Self.error(#"{"http": {"port": 0}}"#)?.keyPath == "http.port")
    }

    @Test func otherValuesAreChecked() {
        #expect(Self.error(#"{"logLevel": "verbose"}"#)?.problem
            == #"expected one of trace, debug, info, notice, warning, error, critical, found "verbose""#)
        #expect(Self.error(#"{"carrier": {"kind": "nexmo"}}"#)?.keyPath == "carrier.kind")
        #expect(Self.error(#"{"http": {"publicURL": "ftp://x"}}"#)?.keyPath == "http.publicURL")
        #expect(Self.error(#"{"http": {"publicURL": "https://x.example/?a=1"}}"#)?.keyPath == "http.publicURL")
        #expect(Self.error(#"{"http": "8080"}"#)?.problem == #"expected an object ({ … }), found "8080""#)
        #expect(Self.error(#"{"control": {"socketPath": "run/x.sock"}}"#)?.keyPath == "control.socketPath")
        #expect(Self.error(#"{"control": {"allowedUsers": "root"}}"#)?.keyPath == "control.allowedUsers")
        #expect(Self.error(#"{"logPhoneNumbers": "yes"}"#)?.problem == #"expected true or false, found "yes""#)
        #expect(Self.error(#"{"minimumAppVersion": "v2"}"#)?.keyPath == "minimumAppVersion")
        #expect(Self.error(#"{"outbox": {"segmentsPerSecond": 0}}"#)?.keyPath == "outbox.segmentsPerSecond")
        #expect(Self.error(#"{"sessions": {"idleTimeoutSeconds": -1}}"#)?.keyPath == "sessions.idleTimeoutSeconds")
        #expect(Self.error(#"{"carrier": {"accountSID": "AC123"}}"#)?.keyPath == "carrier.accountSID")
        #expect(Self.error("[1, 2]")?.problem == "expected an object ({ … }), found a list")
    }

    @Test("issue 11: http.host accepts an IPv4 address, an IPv6 address or a host name",
          arguments: ["127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.1", "::1", "::", "fe80::1",
                      "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1", "localhost", "texting.example.com",
                      "host-1.internal", "a", "xn--bcher-kva.example", "123abc.example", "LOCALHOST"])
    func validHostIsAccepted(_ host: String) throws {
        #expect(try Self.load(#"{"http": {"host": "\#(host)"}}"#).configuration.http.host == host)
        #expect(try Self.load("{}", environment: ["TWOWAYD_HTTP_HOST": host]).configuration.http.host == host)
    }

    @Test("issue 11: an http.host that is no address or host name is a configuration error naming key and value",
          arguments: ["999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "12345", "-bad.example",
                      "bad-.example", "under_score.example", "a..b", ".example", "exa mple.com", "[::1]",
                      "::1::", "gggg::1", "http://127.0.0.1", "127.0.0.1:8080", "*", "caf\u{e9}.example",
                      String(repeating: "a", count: 64) + ".example",
                      Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: ".")])
    func invalidHostIsRefused(_ host: String) throws {
        let json = #"{"http": {"host": \#(ConfigValue.jsonQuoted(host))}}"#
        let error = try #require(Self.error(json), "\(host) was accepted")
        #expect(error.code == .invalidValue)
        #expect(error.keyPath == "http.host")
        #expect(error.problem.contains(ConfigValue.jsonQuoted(host)))
        #expect(error.description.contains("twowayd.json: http.host: "))

        let fromEnvironment = try #require(Self.error("{}", environment: ["TWOWAYD_HTTP_HOST": host]))
        #expect(fromEnvironment.environmentVariable == "TWOWAYD_HTTP_HOST")
        #expect(fromEnvironment.keyPath == "http.host")
    }

    @Test("issue 11: the http.host error says what is wrong in plain words")
    func hostErrorReadsPlainly() throws {
        let error = try #require(Self.error(#"{"http": {"host": "999.1.1.1"}}"#))
        #expect(error.problem == #"expected an IPv4 address such as 127.0.0.1, an IPv6 address such as ::1 or a host name such as localhost, found "999.1.1.1" (999 is more than 255)"#)
        let name = try #require(Self.error(#"{"http": {"host": "my_host"}}"#))
        #expect(name.problem.hasSuffix(#"found "my_host" (a host name has only letters, digits, hyphens and dots)"#))
    }

    @Test func malformedJSONNamesLineAndColumn() throws {
        let error = try #require(Self.error("{ \"logLevel\": \"debug\", \n"))
        #expect(error.code == .malformedJSON)
        #expect(error.problem.hasPrefix("line 2, column 1:"))

        let bareWord = try #require(Self.error("{\n  \"logLevel\": debug\n}"))
        #expect(bareWord.problem.hasPrefix("line 2, column 15:"))

        let duplicate = try #require(Self.error(#"{"logLevel": "info", "logLevel": "debug"}"#))
        #expect(duplicate.code == .malformedJSON)
        #expect(duplicate.problem.contains(#"the key "logLevel" appears twice"#))
        #expect(Self.error("")?.code == .malformedJSON)
    }

    @Test func parserReadsEscapesAndNumbers() throws {
        let value = try ConfigValue.parse(Array(#"{"a": "x\"y\\z\u00e9\ud83d\ude00\n", "b": -1.5e2, "c": [true, false, null]}"#.utf8))
        #expect(value == .object([
            .init("a", .string("x\"y\\zé😀\n")),
            .init("b", .number(-150, text: "-1.5e2")),
            .init("c", .array([.bool(true), .bool(false), .null])),
        ]))
        #expect(throws: ConfigurationError.self) { try ConfigValue.parse(Array("[01]".utf8)) }
        #expect(throws: ConfigurationError.self) { try ConfigValue.parse(Array(#"["\x"]"#.utf8)) }
        #expect(throws: ConfigurationError.self) { try ConfigValue.parse(Array("{} {}".utf8)) }
    }

    @Test func jsonDecoderReadsTheSameFormat() throws {
        let decoded = try JSONDecoder().decode(DaemonConfiguration.self, from: Data(#"{"http": {"port": 9090}}"#.utf8))
        #expect(decoded.http.port == 9090)
        #expect(throws: ConfigurationError.self) {
            try JSONDecoder().decode(DaemonConfiguration.self, from: Data(#"{"http": {"prot": 9090}}"#.utf8))
        }
    }

    @Test func environmentOverridesApplyAfterTheFile() throws {
        let environment = [
            "TWOWAYD_LOG_LEVEL": "warning", "TWOWAYD_HTTP_HOST": "0.0.0.0", "TWOWAYD_HTTP_PORT": "9443",
            "TWOWAYD_STATE_DIRECTORY": "/srv/twowayd", "TWOWAYD_PUBLIC_URL": "https://sms.example.com/",
        ]
        let configuration = try Self.load(#"{"logLevel": "debug", "http": {"port": 9000}}"#, environment: environment)
            .configuration
        #expect(configuration.logLevel == .warning)
        #expect(configuration.http.host == "0.0.0.0")
        #expect(configuration.http.port == 9443)
        #expect(configuration.stateDirectory == "/srv/twowayd")
        #expect(configuration.http.publicURL == "https://sms.example.com")
    }

    @Test func badEnvironmentOverrideNamesTheVariable() throws {
        let error = try #require(Self.error("{}", environment: ["TWOWAYD_HTTP_PORT": "80a"]))
        #expect(error.environmentVariable == "TWOWAYD_HTTP_PORT")
        #expect(error.keyPath == "http.port")
        #expect(error.description == #"TWOWAYD_HTTP_PORT (http.port): expected a whole number 1-65535, found "80a" [config.invalid_value]"#)
        #expect(Self.error("{}", environment: ["TWOWAYD_LOG_LEVEL": "loud"])?.environmentVariable == "TWOWAYD_LOG_LEVEL")
    }

    @Test func twilioNeedsAnAccountAndAnAuthToken() throws {
        let account = "AC" + String(repeating: "0123456789abcdef", count: 2)
        let noAccount = try #require(Self.error(#"{"carrier": {"kind": "twilio"}}"#))
        #expect(noAccount.code == .missingValue)
        #expect(noAccount.keyPath == "carrier.accountSID")

        let noToken = try #require(Self.error(#"{"carrier": {"kind": "twilio", "accountSID": "\#(account)"}}"#))
        #expect(noToken.code == .missingCredential)
        #expect(noToken.problem.contains("twilio-auth-token"))

        // systemd's LoadCredential=secret:/etc/twowayd/credentials names files secret_<name>.
        let credentials = try TemporaryDirectory()
        defer { credentials.remove() }
        try credentials.write("secret_twilio-auth-token", "token-123\n")
        let loaded = try Self.load(
            #"{"carrier": {"kind": "twilio", "accountSID": "\#(account)"}}"#,
            environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(loaded.credentials.twilioAuthToken == "token-123")
        #expect(loaded.credentials.mediaLinkKey == nil)
        #expect(!"\(loaded.credentials)".contains("token-123"))
        #expect(!String(reflecting: loaded).contains("token-123"))
        var dumped = ""
        dump(loaded, to: &dumped)
        #expect(!dumped.contains("token-123"))
    }

    @Test func credentialsAreFoundBesideTheConfigurationFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("twowayd.json", "{}")
        try directory.write("credentials/media-link-key", "  key-abc  ")
        try directory.write("credentials/twilio-auth-token", "")
        let loaded = try ConfigurationLoader(environment: [:], isRoot: false).load(file: file)
        #expect(loaded.credentials.mediaLinkKey == "key-abc")
        #expect(loaded.credentials.twilioAuthToken == nil)  // an empty file counts as absent
    }

    @Test func contentPolicyFileIsLoadedRelativeToTheConfiguration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("policy.json", #"{"rules": [{"id": "x", "name": "X", "action": "block", "terms": ["zork"]}]}"#)
        let file = try directory.write("twowayd.json", #"{"contentPolicyFile": "policy.json"}"#)
        let loaded = try ConfigurationLoader(environment: [:], isRoot: false).load(file: file)
        #expect(loaded.contentPolicy.rules.map(\.id) == ["x"])
        #expect(loaded.routing.contentPolicy.rules.map(\.id) == ["x"])

        try directory.write("broken.json", #"{"rules": [{"id": "x", "name": "X", "action": "ban", "terms": ["a"]}]}"#)
        let broken = try directory.write("broken-config.json", #"{"contentPolicyFile": "broken.json"}"#)
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader(environment: [:]).load(file: broken) }
        let missing = try directory.write("missing-config.json", #"{"contentPolicyFile": "nope.json"}"#)
        do {
            _ = try ConfigurationLoader(environment: [:]).load(file: missing)
            Issue.record("a missing policy file was accepted")
        } catch {
            #expect(error.code == .invalidContentPolicy)
            #expect(error.keyPath == "contentPolicyFile")
            #expect(error.problem.contains("no such file"))
        }
    }

    @Test func fileIsLocatedInTheConfigurationDirectoryFirst() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["CONFIGURATION_DIRECTORY": directory.path]
        #expect(ConfigurationLoader(environment: environment).locateFile() != directory.path + "/twowayd.json")
        let file = try directory.write("twowayd.json", "{}")
        #expect(ConfigurationLoader(environment: environment).locateFile() == file)
        #expect(ConfigurationLoader(explicitPath: "/x/y.json", environment: environment).locateFile() == "/x/y.json")
    }

    @Test func missingExplicitFileIsAnError() throws {
        do {
            _ = try ConfigurationLoader(explicitPath: "/nonexistent/twowayd.json", environment: [:]).load()
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.file == "/nonexistent/twowayd.json")
        }
    }

    @Test func checkConfigPrintsOKOrTheError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.write("good.json", #"{"logLevel": "debug"}"#)
        let ok = TwowayDaemon.checkConfiguration(ConfigurationLoader(explicitPath: good, environment: [:]))
        #expect(ok.status == 0)
        #expect(ok.output == "configuration OK (\(good))")

        let bad = try directory.write("bad.json", #"{"http": {"port": "80a"}}"#)
        let refused = TwowayDaemon.checkConfiguration(ConfigurationLoader(explicitPath: bad, environment: [:]))
        #expect(refused.status == 1)
        #expect(refused.output == #"twowayd: configuration error: \#(bad): http.port: expected a whole number 1-65535, found "80a" [config.invalid_value]"#)
    }

    @Test("issue 11 defect 6: --check-config loads the content policy and the credentials as start-up does")
    func checkConfigLoadsWhatStartUpLoads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let minimal = try directory.write("minimal.json", "{}")
        let loader = ConfigurationLoader(explicitPath: minimal, environment: [:])
        #expect(TwowayDaemon.checkConfiguration(loader).output == "configuration OK (\(minimal))")
        #expect(try loader.load().contentPolicy == ContentPolicy.bundledDefault())

        let noPolicy = try directory.write("no-policy.json", #"{"contentPolicyFile": "missing-policy.json"}"#)
        let policyCheck = TwowayDaemon.checkConfiguration(ConfigurationLoader(explicitPath: noPolicy, environment: [:]))
        #expect(policyCheck.status == 1)
        #expect(policyCheck.output.contains("contentPolicyFile") && policyCheck.output.contains("[config.invalid_content_policy]"))

        let account = "AC" + String(repeating: "0123456789abcdef", count: 2)
        let noToken = try directory.write("twilio.json", #"{"carrier": {"kind": "twilio", "accountSID": "\#(account)"}}"#)
        let tokenCheck = TwowayDaemon.checkConfiguration(ConfigurationLoader(explicitPath: noToken, environment: [:]))
        #expect(tokenCheck.status == 1)
        #expect(tokenCheck.output.hasSuffix("[config.missing_credential]"))
    }

    @Test func commandLineIsParsed() throws {
        #expect(try CommandLineOptions(parsing: []) == CommandLineOptions(mode: .run))
        #expect(try CommandLineOptions(parsing: ["--check-config", "--config", "/a.json"])
            == CommandLineOptions(mode: .checkConfiguration, configPath: "/a.json"))
        #expect(try CommandLineOptions(parsing: ["--config=/b.json"]) == CommandLineOptions(configPath: "/b.json"))
        #expect(try CommandLineOptions(parsing: ["--help", "--check-config"]).mode == .help)
        #expect(try CommandLineOptions(parsing: ["--version"]).mode == .version)
        #expect(throws: ConfigurationError.self) { try CommandLineOptions(parsing: ["--config"]) }
        #expect(throws: ConfigurationError.self) { try CommandLineOptions(parsing: ["--verbose"]) }
        #expect(throws: ConfigurationError.self) { try CommandLineOptions(parsing: ["--config", "a", "--config", "b"]) }
    }

    @Test func reloadNamesTheChangesThatNeedARestart() throws {
        let old = try Self.load("{}")
        let new = try Self.load("""
            {"logLevel": "debug", "http": {"port": 9999}, "stateDirectory": "/elsewhere",
             "control": {"allowedUsers": ["alice"]}, "porting": {"setupFeeCents": 100}}
            """)
        #expect(old.keysNeedingRestart(toApply: new) == ["http.port", "stateDirectory"])
    }
}
