import ArgumentParser
import BenchKit
import Foundation

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
    /// `<repository>/.build/release/twowayd`, found from this file's place in the checkout.
    static var defaultDaemon: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/release/twowayd").path
    }

    @Option(help: "The daemon binary (a release build).") var daemon = BenchOptions.defaultDaemon
    @Option(help: "Scratch directory for state, logs and sockets (emptied first).") var workDirectory = "/tmp/twowayd-bench"
    @Flag(help: "Keep the scratch directory afterwards.") var keep = false

    /// A fresh, empty directory `name` under the scratch directory.
    func scratch(_ name: String) throws -> String {
        let path = "\(workDirectory)/\(name)"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func cleanUp() {
        if !keep { try? FileManager.default.removeItem(atPath: workDirectory) }
    }
}
