import Daemon
import Foundation
import Logging
import Operations
import Routing
import StaffAPI
import TextingCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `GET /api/v1/events` on the real listener (W3): live changes of the account's practice only,
/// resuming after a reconnect without gaps, a reset when it cannot resume, and the stream ending
/// when the session does.
@Suite struct EventStreamTests {
    /// A harness whose feed ticks often, served on a loopback port.
    struct Served {
        let harness: StaffAPIHarness
        let service: StaffAPIService
        let port: Int
        let running: Task<Void, any Error>

        init(tick: Duration = .milliseconds(250)) async throws {
            harness = try await StaffAPIHarness(events: ChangeFeed(tickInterval: tick))
            service = try await StaffAPIService.bind(
                .address(host: "127.0.0.1", port: 0), api: harness.api,
                configuration: .init(shutdownGracePeriod: .seconds(1)), logger: Logger(label: "test.api"))
            port = try #require(service.localPort)
            let service = self.service
            running = Task { try await service.run() }
        }

        func stop() async throws {
            service.beginShutdown()
            try await running.value
        }

        /// Signs `login` in (an account of `practice`) and returns its session cookie's value.
        func session(_ login: String, practice: PracticeID) async throws -> String {
            try await harness.addAccount(login, practice: practice)
            return try await harness.accounts.signIn(login: login, password: StaffAPIHarness.password, from: "127.0.0.1").token
        }

        /// Waits until `count` readers follow the feed (their subscriptions are registered); up to
        /// 20 s, for a machine busy with the rest of the suite.
        func waitForReaders(_ count: Int) async throws {
            for _ in 0..<1_000 where harness.router.events.readerCount < count { try await Task.sleep(for: .milliseconds(20)) }
            #expect(harness.router.events.readerCount >= count)
        }

        /// A text from `from` to practice A's number.
        @discardableResult
        func inbound(_ body: String, from: String) async throws -> InboundOutcome {
            try await harness.router.dispatch(InboundText(
                from: try PhoneNumber(parsing: from), to: try PhoneNumber(parsing: "800-555-1000"), body: body,
                carrierSID: "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "")))
        }
    }

    @Test("W3: a signed-in page gets its practice's new messages and conversations live; another practice's page gets none")
    func liveAndScoped() async throws {
        let served = try await Served()
        let ana = try await served.session("ana", practice: served.harness.practiceA)
        let ben = try await served.session("ben", practice: served.harness.practiceB)
        let port = served.port
        let readerA = Task { try await EventStreamReader.read(port: port, cookie: ana) { $0.events(named: "message.created").count >= 2 } }
        let readerB = Task { try await EventStreamReader.read(port: port, cookie: ben) { $0.text.components(separatedBy: ": keep-alive").count > 4 } }
        try await served.waitForReaders(2)

        let outcome = try await served.inbound("Is Rex ready?", from: "312-555-2041")
        let conversation = try #require(outcome.conversationID)
        let streamA = try await readerA.value
        #expect(streamA.text.hasPrefix("HTTP/1.1 200"))
        #expect(streamA.text.lowercased().contains("content-type: text/event-stream"))
        let opened = try #require(streamA.events(named: "conversation.opened").first)
        #expect(opened.data["conversation"] as? Int64 == conversation.rawValue)
        let inbound = try #require(streamA.events(named: "message.created").first { $0.data["direction"] as? String == "inbound" })
        #expect(inbound.data["message"] as? Int64 == outcome.messageID?.rawValue)
        #expect(inbound.data["conversation"] as? Int64 == conversation.rawValue)
        // Ids only: no text of the message reaches the stream.
        #expect(!streamA.text.contains("Rex"))

        let streamB = try await readerB.value
        #expect(streamB.events.isEmpty, "practice B saw \(streamB.events.map(\.name))")
        try await served.stop()
    }

    @Test("W3: a page that reconnects with the last event id it saw gets every change it missed, once, in order")
    func resumeAfterReconnect() async throws {
        let served = try await Served()
        let ana = try await served.session("ana", practice: served.harness.practiceA)
        let port = served.port
        let first = Task { try await EventStreamReader.read(port: port, cookie: ana) { !$0.events(named: "message.created").isEmpty } }
        try await served.waitForReaders(1)
        try await served.inbound("one", from: "312-555-2042")
        let seen = try await first.value
        let lastSeen = try #require(seen.events.last)
        for _ in 0..<100 where served.harness.router.events.readerCount > 0 { try await Task.sleep(for: .milliseconds(20)) }

        // While the page is away: two more texts, from two numbers.
        let two = try await served.inbound("two", from: "312-555-2042")
        let three = try await served.inbound("three", from: "312-555-2043")

        let again = try await EventStreamReader.read(port: port, cookie: ana, lastEventID: lastSeen.id) { stream in
            stream.events(named: "message.created").filter { $0.data["direction"] as? String == "inbound" }.count >= 2
        }
        #expect(again.events(named: "reset").isEmpty)
        let inboundIDs = again.events(named: "message.created")
            .filter { $0.data["direction"] as? String == "inbound" }.compactMap { $0.data["message"] as? Int64 }
        #expect(inboundIDs == [two.messageID?.rawValue, three.messageID?.rawValue].compactMap { $0 })
        // Nothing seen before the reconnect comes again, and ids keep increasing.
        let sequences = again.events.compactMap { ChangeFeed.Position($0.id)?.sequence }
        let lastSequence = try #require(ChangeFeed.Position(lastSeen.id)?.sequence)
        #expect(sequences.allSatisfy { $0 > lastSequence })
        #expect(sequences == sequences.sorted())
        #expect(Set(sequences).count == sequences.count)
        try await served.stop()
    }

    @Test("W3: an id that cannot be resumed (unknown, or from before a restart) starts with a reset event", arguments: ["nonsense", "zz9-3"])
    func resetWhenUnresumable(_ lastEventID: String) async throws {
        let served = try await Served()
        let ana = try await served.session("ana", practice: served.harness.practiceA)
        let stream = try await EventStreamReader.read(port: served.port, cookie: ana, lastEventID: lastEventID) { !$0.events.isEmpty }
        #expect(stream.events.first?.name == "reset")
        try await served.stop()
    }

    @Test("W4: signing out ends the open event stream at once, long before its next keep-alive; without a session the stream is refused")
    func signOutEndsStream() async throws {
        let served = try await Served(tick: .seconds(60))
        let ana = try await served.session("ana", practice: served.harness.practiceA)
        let port = served.port
        let reader = Task { try await EventStreamReader.read(port: port, cookie: ana, seconds: 8) { _ in false } }
        try await served.waitForReaders(1)
        let started = ContinuousClock.now
        try await served.harness.accounts.signOut(token: ana)
        let stream = try await reader.value
        #expect(stream.closed, "the stream stayed open after sign-out")
        #expect(ContinuousClock.now - started < .seconds(3))

        let refused = try await EventStreamReader.read(port: port, cookie: ana, seconds: 3) { _ in false }
        #expect(refused.text.hasPrefix("HTTP/1.1 401"))
        try await served.stop()
    }

    @Test("W4: disabling an account ends its open event stream at once, whichever door disabled it")
    func disableEndsStream() async throws {
        let served = try await Served(tick: .seconds(60))
        let ana = try await served.session("ana", practice: served.harness.practiceA)
        let ben = try await served.session("ben", practice: served.harness.practiceA)
        let port = served.port
        let anaReader = Task { try await EventStreamReader.read(port: port, cookie: ana, seconds: 8) { _ in false } }
        let benReader = Task { try await EventStreamReader.read(port: port, cookie: ben, seconds: 3) { _ in false } }
        try await served.waitForReaders(2)
        let started = ContinuousClock.now
        _ = try await served.harness.accounts.disable(.login("ana"), by: StaffAPIHarness.root)
        #expect(try await anaReader.value.closed, "the disabled account's stream stayed open")
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(!(try await benReader.value.closed), "another account's stream was ended too")
        // Ben's stream waits for its next change or keep-alive (a minute away) to notice that its
        // reader left; signing out ends it now, so the listener stops at once.
        try await served.harness.accounts.signOut(token: ben)
        try await served.stop()
    }

    @Test("Shutdown ends open event streams so the listener stops within its grace period")
    func shutdownEndsStreams() async throws {
        let served = try await Served()
        let ana = try await served.session("ana", practice: served.harness.practiceA)
        let port = served.port
        let reader = Task { try await EventStreamReader.read(port: port, cookie: ana, seconds: 8) { _ in false } }
        try await served.waitForReaders(1)
        let started = ContinuousClock.now
        try await served.stop()
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(try await reader.value.closed)
    }
}

/// Reads an event stream from the real listener over a blocking socket, on a thread of its own.
enum EventStreamReader {
    /// Runs the blocking `body` on a new thread and returns its result.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }

    struct Event {
        var id: String
        var name: String
        var data: [String: Any]
    }

    struct Stream {
        var text: String
        /// The server ended the response (its last chunk) or closed the connection.
        var closed: Bool

        /// The events received so far, in order.
        var events: [Event] {
            guard let start = text.range(of: "\r\n\r\n") else { return [] }
            // The body is chunked: drop the chunk-size lines, keep the event text.
            let body = text[start.upperBound...].split(separator: "\r\n", omittingEmptySubsequences: false)
                .filter { line in !(line.allSatisfy(\.isHexDigit) && !line.isEmpty) }
                .joined()
            return body.components(separatedBy: "\n\n").compactMap { block in
                var id = "", name = "", data: [String: Any] = [:]
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") {
                        let json = Data(line.dropFirst(6).utf8)
                        data = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:]
                    }
                }
                return name.isEmpty ? nil : Event(id: id, name: name, data: data)
            }
        }

        func events(named name: String) -> [Event] { events.filter { $0.name == name } }
    }

    /// Opens `/api/v1/events` with the session cookie and reads until `done` holds, the server
    /// closes, or `seconds` pass. Each reader blocks a thread of its own: on NIO's small pool
    /// (one thread per core), two readers and the sign-ins' bcrypt would wait for each other.
    static func read(
        port: Int, cookie: String, lastEventID: String? = nil, seconds: Int = 15, done: @escaping @Sendable (Stream) -> Bool
    ) async throws -> Stream {
        try await onOwnThread {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw LoopbackHTTP.Failure(step: "socket") }
            defer { close(fd) }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw LoopbackHTTP.Failure(step: "connect") }
            var raw = "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            raw += "Cookie: twowayd_session=\(cookie)\r\n"
            if let lastEventID { raw += "Last-Event-ID: \(lastEventID)\r\n" }
            raw += "\r\n"
            let request = Array(raw.utf8)
            guard send(fd, request, request.count, 0) == request.count else { throw LoopbackHTTP.Failure(step: "send") }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count == 0 { return Stream(text: String(decoding: received, as: UTF8.self), closed: true) }
                if count > 0 {
                    received += buffer[0..<count]
                    let text = String(decoding: received, as: UTF8.self)
                    // The last chunk of a chunked body: the server ended the stream.
                    if text.hasSuffix("\r\n0\r\n\r\n") { return Stream(text: text, closed: true) }
                    let stream = Stream(text: text, closed: false)
                    if done(stream) { return stream }
                }
            }
            return Stream(text: String(decoding: received, as: UTF8.self), closed: false)
        }
    }
}
