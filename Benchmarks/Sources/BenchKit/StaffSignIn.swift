import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A staff account on a benchmark's daemon, created with `twowayctl staff add` over the control
/// socket and signed in on the staff API: the session cookie its requests carry.
public enum StaffSignIn {
    /// `<repository>/.build/release/twowayctl` beside the daemon binary `daemon`.
    public static func controlTool(besideDaemon daemon: String) -> String {
        URL(fileURLWithPath: daemon).deletingLastPathComponent().appendingPathComponent("twowayctl").path
    }

    /// Creates account `login` of `practice` with `password` (role staff) and signs it in on the
    /// API at `apiPort`; returns the `twowayd_session` cookie's value.
    public static func session(
        daemon: DaemonProcess, controlTool: String, apiPort: Int, practice: Int = 1, login: String = "bench",
        password: String = "bench-password-1"
    ) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: controlTool) else {
            throw BenchError("no twowayctl at \(controlTool); run `swift build -c release --product twowayctl` in the repository")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: controlTool)
        process.arguments = ["staff", "add", "--socket", daemon.controlSocketPath, "--practice", "\(practice)",
                             "--login", login, "--name", "Bench", "--role", "staff", "--password-stdin"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("twowayctl staff add exited \(process.terminationStatus)") }

        let body = #"{"login": "\#(login)", "password": "\#(password)"}"#
        let answer = try RawHTTP.exchange(
            "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)", port: apiPort)
        guard answer.hasPrefix("HTTP/1.1 201"),
              let start = answer.range(of: "twowayd_session=") else {
            throw BenchError("sign-in refused: \(answer.prefix(300))")
        }
        return String(answer[start.upperBound...].prefix { $0 != ";" && $0 != "\r" })
    }
}

/// One blocking HTTP/1.1 exchange on loopback, for set-up steps (not measured).
public enum RawHTTP {
    /// A connected TCP socket to 127.0.0.1:`port` with a receive timeout.
    public static func connect(port: Int, receiveTimeoutMilliseconds: Int = 5_000) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed") }
        var timeout = timeval(tv_sec: receiveTimeoutMilliseconds / 1000, tv_usec: (receiveTimeoutMilliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw BenchError("cannot connect to 127.0.0.1:\(port)")
        }
        return fd
    }

    /// Sends `raw` and reads until the server closes (or 5 s pass).
    public static func exchange(_ raw: String, port: Int) throws -> String {
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(raw, on: fd)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while received.count < 4_000_000 {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    public static func send(_ raw: String, on fd: Int32) throws {
        let bytes = Array(raw.utf8)
        guard Glibc.send(fd, bytes, bytes.count, 0) == bytes.count else { throw BenchError("send() failed") }
    }
}
