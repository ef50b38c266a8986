// swift-tools-version:6.1
import PackageDescription

/// Benchmarks, the load generator and the crash test of `twowayd`.
///
/// A package of its own so the daemon's build and CI never pay for it:
/// `cd Benchmarks && swift build -c release`. It measures the release daemon from the outside
/// (HTTP on loopback, `/proc`, the SQLite file). It does not depend on the main package: the
/// daemon's modules other than `TextingCore` are not products, and a dependency on `..` would make
/// `swift build` here build (and break with) the whole daemon.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "twowayd-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "twowayd-load", targets: ["twowayd-load"]),
        .executable(name: "twowayd-bench", targets: ["twowayd-bench"]),
        .executable(name: "twowayd-crash", targets: ["twowayd-crash"]),
    ],
    dependencies: [
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The HTTP load generator: requests, connections, closed and open loop, histograms.
        .target(name: "LoadKit", dependencies: [
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Running the daemon and looking at it: process, READY, RSS, fixtures, database checks.
        .target(name: "BenchKit", dependencies: [
            "LoadKit",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "twowayd-load", dependencies: [
            "LoadKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "twowayd-bench", dependencies: [
            "LoadKit", "BenchKit",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "twowayd-crash", dependencies: [
            "LoadKit", "BenchKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "LoadKitTests", dependencies: ["LoadKit"]),
        .testTarget(name: "BenchKitTests", dependencies: ["BenchKit"]),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
