import Foundation
import Logging
import PostgresNIO
import TextingStorePostgres

/// Test support only: the PostgreSQL server of one test process, and fresh databases on it.
///
/// When `TWOWAYD_TEST_POSTGRES_URL` is set, that server is used (its user must be allowed to
/// create databases). Otherwise the first call starts a throwaway server with
/// `Tests/tools/postgres.sh` on a free loopback port, and the process stops it when it exits.
public actor PostgresTestServer {
    /// The server of this test process.
    public static let shared = PostgresTestServer()

    /// Where the server is, and a pool on its maintenance database for `CREATE DATABASE`.
    private struct Running {
        var components: URLComponents
        var admin: PostgresClient
    }

    private var starting: Task<Running, any Error>?

    private var migratedTemplate: Task<String, any Error>?

    /// A new database with a unique name, a copy of `template` (PostgreSQL's empty `template1`
    /// when nil); its name and URL. Drop it with ``dropDatabase(named:)``.
    public func createDatabase(template: String? = nil) async throws -> (name: String, url: String) {
        let running = try await running()
        let name = Self.uniqueName()
        let copy = template.map { " TEMPLATE \($0)" } ?? ""
        try await running.admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)\(copy)"), logger: Self.logger)
        return (name, try Self.url(of: name, on: running))
    }

    /// A new database with the store's schema already in it (a copy of a template migrated once
    /// per test process, much faster than migrating every database).
    public func createMigratedDatabase() async throws -> (name: String, url: String) {
        let template: String
        if let migratedTemplate {
            template = try await migratedTemplate.value
        } else {
            let task = Task { try await self.makeMigratedTemplate() }
            migratedTemplate = task
            template = try await task.value
        }
        return try await createDatabase(template: template)
    }

    /// Creates the template, migrates it through a store whose pool is closed before returning
    /// (PostgreSQL copies a template only while nobody is connected to it).
    private func makeMigratedTemplate() async throws -> String {
        let (name, url) = try await createDatabase()
        let store = PostgresStore(configuration: try .init(url: url), logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await store.migrate()
        }
        return name
    }

    private static func uniqueName() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    private static func url(of database: String, on running: Running) throws -> String {
        var components = running.components
        components.path = "/" + database
        // `components.string` is nil only for a path that cannot follow an authority; this path
        // starts with "/", so the guard is defensive.
        guard let url = components.string else { throw PostgresTestServerError("no URL for database \(database)") }
        return url
    }

    /// Drops a database ``createDatabase()`` made, closing any connection still open on it.
    public func dropDatabase(named name: String) async throws {
        let running = try await running()
        try await running.admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"),
                                      logger: Self.logger)
    }

    private func running() async throws -> Running {
        if let starting { return try await starting.value }
        let task = Task { try await Self.start() }
        starting = task
        return try await task.value
    }

    /// Quiet: the tests check results, not the pool's chatter.
    static let logger: Logger = {
        var logger = Logger(label: "postgres-test-server")
        logger.logLevel = .error
        return logger
    }()

    private static func start() async throws -> Running {
        let url: String
        if let given = ProcessInfo.processInfo.environment["TWOWAYD_TEST_POSTGRES_URL"], !given.isEmpty {
            url = given
        } else {
            url = try startOwnServer()
        }
        guard let components = URLComponents(string: url), let host = components.host else {
            throw PostgresTestServerError("TWOWAYD_TEST_POSTGRES_URL is not a postgres:// URL: \(url)")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let admin = PostgresClient(configuration: .init(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? "postgres" : database, tls: .disable),
            backgroundLogger: logger)
        // The admin pool lives as long as the test process.
        Task.detached { await admin.run() }
        return Running(components: components, admin: admin)
    }

    /// Starts `Tests/tools/postgres.sh up` in this process's own directory on a free port and
    /// arranges for `down` at exit; returns the server's URL.
    private static func startOwnServer() throws -> String {
        removeAbandonedServers()
        try FileManager.default.createDirectory(atPath: serverParent, withIntermediateDirectories: true)
        var lastFailure = ""
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            let result = try runScript(["up", serverDirectory, String(port)])
            if result.status == 0, let url = result.output.split(separator: "\n").last(where: { $0.hasPrefix("postgres") }).map(String.init) {
                atexit { stopOwnServer() }
                return url
            }
            lastFailure = result.output
            _ = try? runScript(["down", serverDirectory])
        }
        throw PostgresTestServerError("could not start a test PostgreSQL with Tests/tools/postgres.sh: \(lastFailure)")
    }

    /// Servers of earlier test processes that died before their `atexit` ran (killed, crashed).
    private static func removeAbandonedServers() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: serverParent) else { return }
        for entry in entries {
            guard let pid = pid_t(entry), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = try? runScript(["down", "\(serverParent)/\(entry)"])
        }
    }
}

/// The directory holding every test process's server directory (named by its process id).
let serverParent = NSTemporaryDirectory() + "twowayd-test-postgres"
/// This process's server directory.
let serverDirectory = "\(serverParent)/\(getpid())"

/// Stops this process's own server (called at exit).
func stopOwnServer() {
    _ = try? runScript(["down", serverDirectory])
}

/// Runs `Tests/tools/postgres.sh` with `arguments`; its exit status and its output (stdout and
/// stderr, through a file: the server it starts may keep inherited descriptors open).
///
/// posix_spawn and waitpid rather than Foundation's `Process`, whose exit monitoring hung in the
/// test process (the child stayed a zombie).
func runScript(_ arguments: [String]) throws -> (status: Int32, output: String) {
    // #filePath is .../Sources/PostgresTestSupport/PostgresTestServer.swift: the repository is three up.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let script = root.appendingPathComponent("Tests/tools/postgres.sh").path
    let outputPath = NSTemporaryDirectory() + "twowayd-test-postgres-\(getpid())-\(UUID().uuidString).log"
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ["/bin/bash", script] + arguments
    var cArguments = argv.map { strdup($0) }
    cArguments.append(nil)
    defer { for argument in cArguments { free(argument) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments, environ)
    guard spawned == 0 else { throw PostgresTestServerError("could not run postgres.sh: error \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
        guard errno == EINTR else { throw PostgresTestServerError("waitpid failed: \(errno)") }
    }
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // WIFEXITED and WEXITSTATUS are macros Swift does not import: exited normally when the low
    // seven bits are 0, with the status in the next eight.
    let exitStatus: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitStatus, output.trimmingCharacters(in: .whitespacesAndNewlines))
}

/// A loopback TCP port nobody listens on now (the kernel's pick for port 0).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PostgresTestServerError("socket() failed: \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw PostgresTestServerError("bind() failed: \(errno)") }
    let named = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw PostgresTestServerError("getsockname() failed: \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Why the test server could not be started or used.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
