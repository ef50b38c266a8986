// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode is the tools-version default; these add
/// the checks the project holds itself to.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "twowayd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "twowayd", targets: ["twowayd"]),
        .executable(name: "twowayctl", targets: ["twowayctl"]),
        .library(name: "TextingCore", targets: ["TextingCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure rules: value types and decisions, no I/O, no clock. No resources: the default
        // content policy is compiled in (scripts/embed-content-policy.sh), so an installed binary
        // needs no bundle beside it.
        .target(name: "TextingCore"),
        // Storage protocols and records; no database.
        .target(name: "TextingStore", dependencies: ["TextingCore", "TwowayMetrics"]),
        // The embedded store: one SQLite file (GRDB). The default.
        .target(name: "TextingStoreSQLite", dependencies: [
            "TextingCore", "TextingStore", "TwowayMetrics",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The shared store: PostgreSQL (postgres-nio), for several daemons on one database (M1).
        .target(name: "TextingStorePostgres", dependencies: [
            "TextingCore", "TextingStore", "TwowayMetrics",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Carrier protocol and the sandbox carrier.
        .target(name: "Carrier", dependencies: [
            "TextingCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Router, per-number sessions, chatbot, outbox.
        .target(name: "Routing", dependencies: [
            "TextingCore", "TextingStore", "Carrier", "TwowayMetrics",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // libsystemd: sd_notify, listen fds, journald.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // glibc's malloc_trim, which the Glibc module does not expose.
        .target(name: "CMalloc"),
        .target(name: "Systemd", dependencies: [
            "CSystemd",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The metrics every module reports, through swift-metrics (the backend is the process's).
        .target(name: "TwowayMetrics", dependencies: [
            "TextingCore",
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),
        // Control-socket protocol shared by the daemon and twowayctl.
        .target(name: "Control", dependencies: ["TextingCore"]),
        // The application layer: every staff, admin, app and platform action as a function of
        // (caller, arguments) -> result or coded error, with its authorisation. Transport-free.
        .target(name: "Operations", dependencies: [
            "TextingCore", "TextingStore", "Routing", "Carrier", "Control",
            .product(name: "Logging", package: "swift-log"),
            // Staff passwords (W1) and session token hashes (W4); bcrypt runs on NIO's thread pool.
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // The staff API's HTTP door: Hummingbird router, middleware (request id, session, CSRF),
        // routes under /api/v1 and their OpenAPI document. Decodes, authorises, encodes; the
        // decisions are the Operations layer's.
        .target(name: "StaffAPI", dependencies: [
            "TextingCore", "Operations", "Control", "Routing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            // The pet owner's app tokens (P1): JWTs the practice platform signs.
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        // Composition root.
        .target(name: "Daemon", dependencies: [
            "TextingCore", "TextingStore", "TextingStoreSQLite", "TextingStorePostgres", "Routing", "Carrier", "Systemd",
            "Control", "CMalloc", "Operations",
            "StaffAPI", "TwowayMetrics",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            // HMAC-SHA1 of the carrier's webhook signatures and of media links.
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "twowayd", dependencies: ["Daemon"]),
        .executableTarget(name: "twowayctl", dependencies: [
            "Control", "TextingCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Test support only: a MessageStore that forwards every call, for tests' failing or
        // counting stores (no product depends on it).
        .target(name: "TextingStoreTestKit", dependencies: ["TextingCore", "TextingStore"]),
        // Test support only: the test process's PostgreSQL server and a fresh database per test
        // (no product depends on it).
        .target(name: "PostgresTestSupport", dependencies: [
            "TextingStorePostgres",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Test support only: a loopback fake of the carrier's REST API (no product depends on it).
        .target(name: "CarrierTestKit", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        .testTarget(name: "TextingCoreTests", dependencies: [
            "TextingCore",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "TextingStoreTests", dependencies: ["TextingStore", "TextingStoreSQLite", "TextingStorePostgres", "PostgresTestSupport"]),
        .testTarget(name: "TextingStorePostgresTests", dependencies: [
            "TextingStorePostgres", "TextingStore", "TextingCore", "PostgresTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "OperationsTests", dependencies: [
            "Operations", "TextingCore", "TextingStore", "TextingStoreSQLite", "Routing", "Carrier", "Control",
        ]),
        .testTarget(name: "StaffAPITests", dependencies: [
            "StaffAPI", "Operations", "TextingCore", "TextingStore", "TextingStoreSQLite", "Daemon", "Routing", "Carrier", "Control",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "CarrierTests", dependencies: [
            "Carrier", "CarrierTestKit",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "CarrierIntegrationTests", dependencies: [
            "Daemon", "Carrier", "CarrierTestKit", "Control", "Routing", "Systemd", "TextingStore", "TextingStoreSQLite", "TextingCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "TextingStore", "TextingStoreSQLite", "TextingStoreTestKit", "Carrier"]),
        .testTarget(name: "SystemdTests", dependencies: [
            "Systemd",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DaemonTests", dependencies: [
            "Daemon", "TextingCore", "TextingStore", "TextingStoreSQLite", "TextingStoreTestKit", "Routing", "Carrier",
            "TextingStorePostgres", "PostgresTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "ControlTests", dependencies: [
            "Control", "Daemon", "Operations", "Routing", "TextingStore", "TextingStoreSQLite", "Carrier", "TextingCore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Text people read (messages in Sources, twowayctl's help) names no internal rule ids.
        .testTarget(name: "UserFacingTextTests", dependencies: [
            "twowayctl",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
