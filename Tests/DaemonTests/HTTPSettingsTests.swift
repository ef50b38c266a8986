import Testing
@testable import Daemon

/// The HTTP listener's timeouts and connection cap as the configuration sets them (issue 11,
/// defect 1), and the cap kept under the file-descriptor limit.
@Suite struct HTTPSettingsTests {
    static func read(_ json: String) throws -> DaemonConfiguration {
        try DaemonConfiguration(reading: ConfigValue.parse(Array(json.utf8)), environment: [:], isRoot: false)
    }

    @Test func timeoutsAndCapAreRead() throws {
        let configuration = try Self.read("""
            {"http": {"headerTimeoutSeconds": 2.5, "bodyTimeoutSeconds": 7, "idleTimeoutSeconds": 90, "maxConnections": 500}}
            """)
        let server = configuration.http.serverConfiguration(descriptorLimit: nil)
        #expect(server.headerTimeout == .milliseconds(2_500))
        #expect(server.bodyTimeout == .seconds(7))
        #expect(server.idleTimeout == .seconds(90))
        #expect(server.maxConnections == 500)
    }

    @Test func defaultsAreTenThirtySixtySecondsAndTenThousandConnections() throws {
        let server = try Self.read("{}").http.serverConfiguration(descriptorLimit: nil)
        #expect(server.headerTimeout == .seconds(10))
        #expect(server.bodyTimeout == .seconds(30))
        #expect(server.idleTimeout == .seconds(60))
        #expect(server.maxConnections == 10_000)
    }

    @Test(arguments: [
        (limit: 1_024, cap: 768),     // systemd's default soft limit: a quarter kept back
        (limit: 256, cap: 128),       // at least 128 kept back
        (limit: 65_536, cap: 10_000), // the shipped unit: the configured cap is the lower
        (limit: 100, cap: 16),        // never below 16
    ])
    func theCapStaysUnderTheDescriptorLimit(limit: Int, cap: Int) throws {
        #expect(try Self.read("{}").http.serverConfiguration(descriptorLimit: limit).maxConnections == cap)
    }

    @Test(arguments: [
        #"{"http": {"headerTimeoutSeconds": 0}}"#,
        #"{"http": {"bodyTimeoutSeconds": -1}}"#,
        #"{"http": {"idleTimeoutSeconds": 7200}}"#,
        #"{"http": {"maxConnections": 2}}"#,
        #"{"http": {"maxConnections": 1.5}}"#,
    ])
    func outOfRangeValuesAreRefusedWithTheKey(json: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try Self.read(json) }
        #expect(error?.description.contains("http.") == true)
    }
}
