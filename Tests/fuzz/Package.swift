// swift-tools-version:6.1
import PackageDescription

/// libFuzzer harness for the daemon: the webhook form parser, phone numbers, the control
/// protocol (line framing and request decoding), the configuration loader, the directory CSV
/// parser, and the webhook routes end to end (form body and headers through
/// `WebhookRoutes.handle`, the router and a SQLite store).
///
/// The code under test is the daemon's own source, reached through the symbolic links in
/// `Mirror/` (one per module folder of `Sources/`; the targets and their dependencies follow
/// the main `Package.swift`, so a new module or dependency there is added here too), and
/// compiled here with coverage
/// instrumentation (`-sanitize=fuzzer`). Nothing is copied, so the harness always fuzzes the
/// current code. Run it with `run.sh`.
let fuzzerFlags: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer"]), .enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "twowayd-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
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
        .target(name: "TextingCore", path: "Mirror/TextingCore", swiftSettings: fuzzerFlags),
        .target(name: "TwowayMetrics", dependencies: ["TextingCore", .product(name: "CoreMetrics", package: "swift-metrics")],
                path: "Mirror/TwowayMetrics", swiftSettings: fuzzerFlags),
        .target(name: "TextingStore", dependencies: ["TextingCore", "TwowayMetrics"],
                path: "Mirror/TextingStore", swiftSettings: fuzzerFlags),
        .target(name: "TextingStoreSQLite", dependencies: [
            "TextingCore", "TextingStore", "TwowayMetrics", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Mirror/TextingStoreSQLite", swiftSettings: fuzzerFlags),
        .target(name: "TextingStorePostgres", dependencies: [
            "TextingCore", "TextingStore", "TwowayMetrics",
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
        ], path: "Mirror/TextingStorePostgres", swiftSettings: fuzzerFlags),
        .target(name: "Carrier", dependencies: [
            "TextingCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], path: "Mirror/Carrier", swiftSettings: fuzzerFlags),
        .target(name: "Routing", dependencies: [
            "TextingCore", "TextingStore", "Carrier", "TwowayMetrics", .product(name: "Logging", package: "swift-log"),
        ], path: "Mirror/Routing", swiftSettings: fuzzerFlags),
        .systemLibrary(name: "CSystemd", path: "Mirror/CSystemd", pkgConfig: "libsystemd"),
        .target(name: "CMalloc", path: "Mirror/CMalloc"),
        .target(name: "Systemd", dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
                path: "Mirror/Systemd", swiftSettings: fuzzerFlags),
        .target(name: "Control", dependencies: ["TextingCore"], path: "Mirror/Control", swiftSettings: fuzzerFlags),
        .target(name: "Operations", dependencies: [
            "TextingCore", "TextingStore", "Routing", "Carrier", "Control",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "Mirror/Operations", swiftSettings: fuzzerFlags),
        .target(name: "StaffAPI", dependencies: [
            "TextingCore", "Operations", "Control", "Routing",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ], path: "Mirror/StaffAPI", swiftSettings: fuzzerFlags),
        .target(name: "Daemon", dependencies: [
            "TextingCore", "TextingStore", "TextingStoreSQLite", "TextingStorePostgres", "Routing", "Carrier", "Systemd",
            "Control", "CMalloc", "Operations", "StaffAPI", "TwowayMetrics",
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
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Mirror/Daemon", swiftSettings: fuzzerFlags + [.unsafeFlags(["-enable-testing"])]),
        .executableTarget(name: "twowayd-fuzz", dependencies: [
            "Daemon", "TextingCore", "TextingStore", "TextingStoreSQLite", "Routing", "Control",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ], swiftSettings: fuzzerFlags + [.unsafeFlags(["-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]),
    ]
)
