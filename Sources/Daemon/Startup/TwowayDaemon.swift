import Foundation
import Logging
import Systemd

/// The `twowayd` program: reads the command line, then checks the configuration or runs the
/// daemon. `Sources/twowayd/main.swift` only calls ``main(arguments:environment:)``.
public enum TwowayDaemon {
    /// The daemon's version, reported by `twowayd --version` and the control socket's `status`.
    public static let version = "0.1.0"
    /// Exit status of a clean stop and of `--check-config` with a valid configuration.
    public static let success: Int32 = 0
    /// Exit status of a configuration error or a failure at start-up or while running.
    public static let failure: Int32 = 1
    /// Exit status of a command line that could not be understood.
    public static let usageError: Int32 = 2

    /// Runs the program and returns its exit status.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - environment: the process environment (configuration directory, credentials,
    ///     `TWOWAYD_*` overrides).
    public static func main(arguments: [String], environment: [String: String]) async -> Int32 {
        let options: CommandLineOptions
        do {
            options = try CommandLineOptions(parsing: arguments)
        } catch {
            writeToStandardError("twowayd: \(error)\n\n\(CommandLineOptions.usage)\n")
            return usageError
        }
        let loader = ConfigurationLoader(explicitPath: options.configPath, environment: environment)
        switch options.mode {
        case .help:
            print(CommandLineOptions.usage)
            return success
        case .version:
            print("twowayd \(version)")
            return success
        case .checkConfiguration:
            let verdict = checkConfiguration(loader)
            if verdict.status == success {
                print(verdict.output)
            } else {
                writeToStandardError(verdict.output + "\n")
            }
            return verdict.status
        case .storeCopy(let copy):
            return await storeCopy(copy)
        case .run:
            break
        }

        let file = loader.locateFile()
        let loaded: LoadedConfiguration
        do {
            loaded = try loader.load(file: file)
        } catch {
            writeToStandardError("twowayd: configuration error: \(error)\n")
            return failure
        }
        let logLevel = DaemonLogging.bootstrap(level: loaded.configuration.logLevel)
        let logger = Logger(label: "twowayd")
        do {
            try await run(loaded, loader: loader, logLevel: logLevel, logger: logger)
            logger.notice("twowayd stopped", metadata: ["event": "stopped"])
            return success
        } catch {
            logger.critical("twowayd failed: \(error)", metadata: ["event": "failed", "error": "\(error)"])
            SystemdNotifier.notify([.status("failed: \(error)")])
            return failure
        }
    }

    /// `--check-config`: the text to print and the exit status. The text is
    /// `configuration OK (<file or built-in defaults>)` or `twowayd: configuration error: …`.
    public static func checkConfiguration(_ loader: ConfigurationLoader) -> (output: String, status: Int32) {
        do {
            let loaded = try loader.load()
            return ("configuration OK (\(loaded.sourceDescription))", success)
        } catch {
            return ("twowayd: configuration error: \(error)", failure)
        }
    }

    static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
