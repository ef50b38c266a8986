import Foundation
import Logging
import TextingCore
import TextingStorePostgres

extension TwowayDaemon {
    /// Exit status of `store copy` when the target database already holds data (nothing copied).
    public static let targetNotEmpty: Int32 = 3

    /// `twowayd store copy`: copies, prints `table: rows` for each table and the rate, and
    /// returns the exit status (0 copied, 1 failed, 3 the target was not empty).
    public static func storeCopy(_ options: StoreCopyOptions) async -> Int32 {
        var logger = Logger(label: "twowayd.store-copy", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .error
        do {
            let target = try PostgresStore.Configuration(url: try options.targetURL())
            print("copying \(options.source) into \(target.description)")
            let copier = StoreCopier(logger: logger, progress: { line in writeToStandardError(line + "\n") })
            let report = try await copier.copy(from: options.source, to: target)
            for line in report.lines { print(line) }
            return success
        } catch let error as TextingError {
            writeToStandardError("twowayd: store copy: \(error.message) [\(error.code.rawValue)]\n")
            return error.code.rawValue == "store_copy.target_not_empty" ? targetNotEmpty : failure
        } catch {
            writeToStandardError("twowayd: store copy failed: \(error)\n")
            return failure
        }
    }
}
