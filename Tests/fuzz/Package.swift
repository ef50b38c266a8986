// swift-tools-version:6.1
import PackageDescription

/// libFuzzer harness for the daemon's parsers: the webhook form parser, phone numbers, the
/// control protocol (line framing and request decoding) and the configuration loader.
///
/// The code under test is the daemon's own source, reached through the symbolic links in
/// `Mirror/` (whole module folders for `TextingCore` and `Control`, single files of `Routing`
/// and `Daemon`), and compiled here with coverage instrumentation (`-sanitize=fuzzer`). Nothing
/// is copied, so the harness always fuzzes the current code. Run it with `run.sh`.
let fuzzerFlags: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer"]), .enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "twowayd-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "TextingCore", path: "Mirror/TextingCore",
                resources: [.copy("Resources/content-policy.json")], swiftSettings: fuzzerFlags),
        .target(name: "Control", dependencies: ["TextingCore"], path: "Mirror/Control", swiftSettings: fuzzerFlags),
        // PortingPolicy and RoutingConfiguration only: what the configuration types refer to.
        .target(name: "Routing", dependencies: ["TextingCore"], path: "Mirror/Routing", swiftSettings: fuzzerFlags),
        // The daemon's configuration folder, FormParameters and ControlFrameDecoder.
        .target(name: "DaemonSubset", dependencies: [
            "TextingCore", "Routing",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], path: "Mirror/DaemonSubset", swiftSettings: fuzzerFlags + [.unsafeFlags(["-enable-testing"])]),
        .executableTarget(name: "twowayd-fuzz", dependencies: [
            "DaemonSubset", "TextingCore", "Control",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ], swiftSettings: fuzzerFlags + [.unsafeFlags(["-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]),
    ]
)
