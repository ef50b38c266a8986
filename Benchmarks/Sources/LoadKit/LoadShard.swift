import Histogram
import NIOCore
import NIOHTTP1
import NIOPosix

/// The part of a run that one event loop drives: its connections, its share of the requests
/// (indexes `shard`, `shard + shardCount`, …) and its own histogram. Every member is touched on
/// that loop only, so nothing here needs a lock.
final class LoadShard {
    private let loop: any EventLoop
    private let plan: LoadPlan
    private let factory: any RequestFactory
    private let shard: Int
    private let shardCount: Int
    private let connectionCount: Int
    /// Open loop: requests per second for this shard.
    private let rate: Double?
    /// Closed loop: requests this shard may issue.
    private let requestLimit: Int?
    private let promise: EventLoopPromise<ShardResult>

    private var connections: [LoadConnection?]
    private var idle: [LoadConnection] = []
    private var backlog = CircularBuffer<UInt64>()
    private var connectsPending = 0
    private var issued = 0
    private var issuing = true
    private var finished = false
    private var ticker: RepeatedTask?

    private var startedAt: UInt64 = 0
    private var measureStart: UInt64 = 0
    private var measureEnd: UInt64 = 0
    private var result = ShardResult()

    init(loop: any EventLoop, plan: LoadPlan, factory: any RequestFactory, shard: Int, shardCount: Int) {
        self.loop = loop
        self.plan = plan
        self.factory = factory
        self.shard = shard
        self.shardCount = shardCount
        // Spread connections, rate and request limit evenly; the first shards take the remainders.
        connectionCount = plan.connections / shardCount + (shard < plan.connections % shardCount ? 1 : 0)
        if case .open(let total) = plan.mode {
            rate = total / Double(shardCount)
        } else {
            rate = nil
        }
        requestLimit = plan.maxRequests.map { $0 / shardCount + (shard < $0 % shardCount ? 1 : 0) }
        promise = loop.makePromise(of: ShardResult.self)
        connections = Array(repeating: nil, count: connectionCount)
    }

    static func now() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    /// Connects and starts sending; the future completes when the shard has stopped.
    func start() -> EventLoopFuture<ShardResult> {
        loop.preconditionInEventLoop()
        startedAt = Self.now()
        measureStart = startedAt + Self.nanoseconds(plan.warmup)
        measureEnd = measureStart + Self.nanoseconds(plan.duration)
        if connectionCount == 0 || requestLimit == 0 {
            finish()
            return promise.futureResult
        }
        for slot in 0..<connectionCount { connect(slot) }
        let isolated = loop.assumeIsolated()
        isolated.scheduleTask(deadline: .uptimeNanoseconds(measureEnd)) { self.stopIssuing() }
        isolated.scheduleTask(deadline: .uptimeNanoseconds(measureEnd + Self.nanoseconds(plan.drainTimeout))) {
            self.finish()
        }
        if rate != nil {
            let bound = NIOLoopBound(self, eventLoop: loop)
            ticker = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(1)) { _ in bound.value.issueDue() }
        }
        return promise.futureResult
    }

    // MARK: - Connections

    private func connect(_ slot: Int) {
        connectsPending += 1
        let bound = NIOLoopBound(self, eventLoop: loop)
        ClientBootstrap(group: loop)
            .connectTimeout(.seconds(2))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(LoadConnection(shard: bound.value, slot: slot))
                }
            }
            .connect(host: plan.host, port: plan.port)
            .whenComplete { outcome in
                let shard = bound.value
                shard.connectsPending -= 1
                if case .failure = outcome {
                    shard.result.connectFailures += 1
                    shard.reconnectLater(slot)
                }
            }
    }

    private func reconnectLater(_ slot: Int) {
        // A server that refuses every connection for long is gone: stop instead of retrying
        // until the end of the window.
        if result.connectFailures > 20 * max(connectionCount, 1) && connections.allSatisfy({ $0 == nil }) {
            stopIssuing()
        }
        guard plan.reconnect, issuing, !finished else {
            // Without reconnects a shard whose connections are all gone has nothing left to do.
            if !plan.reconnect && connectsPending == 0 && connections.allSatisfy({ $0 == nil }) { stopIssuing() }
            checkFinished()
            return
        }
        connectsPending += 1
        loop.assumeIsolated().scheduleTask(in: .milliseconds(50)) {
            self.connectsPending -= 1
            if self.issuing && !self.finished { self.connect(slot) } else { self.checkFinished() }
        }
    }

    func connectionReady(_ connection: LoadConnection) {
        connections[connection.slot] = connection
        dispatchNext(on: connection)
    }

    func connectionClosed(_ connection: LoadConnection, lost: LoadConnection.InFlight?) {
        if lost != nil { result.lost += 1 }
        idle.removeAll { $0 === connection }
        if connections[connection.slot] === connection { connections[connection.slot] = nil }
        if finished { return }
        reconnectLater(connection.slot)
    }

    // MARK: - Requests

    /// Open loop: issues every request that fell due since the last tick.
    private func issueDue() {
        guard issuing, let rate else { return }
        let due = Int(Double(Self.now() - startedAt) * rate / 1e9)
        while issued < due && issuing {
            let dueAt = startedAt + UInt64(Double(issued) * 1e9 / rate)
            issued += 1
            if let connection = idle.popLast() {
                connection.send(nextRequest(), due: dueAt)
            } else {
                backlog.append(dueAt)
                if backlog.count > plan.maxBacklog {
                    result.overloaded = true
                    stopIssuing()
                }
            }
        }
    }

    private func nextRequest() -> LoadRequest {
        let index = shard + result.sent * shardCount
        result.sent += 1
        return factory.request(index: index, shard: shard)
    }

    /// Gives `connection` its next request, or parks it.
    private func dispatchNext(on connection: LoadConnection) {
        guard !finished else { return }
        if rate != nil {
            if let dueAt = backlog.popFirst() {
                connection.send(nextRequest(), due: dueAt)
            } else {
                idle.append(connection)
                checkFinished()
            }
            return
        }
        if issuing, requestLimit.map({ issued < $0 }) ?? true {
            issued += 1
            connection.send(nextRequest(), due: Self.now())
        } else {
            if requestLimit.map({ issued >= $0 }) ?? false { issuing = false }
            idle.append(connection)
            checkFinished()
        }
    }

    func answered(_ connection: LoadConnection, _ request: LoadConnection.InFlight, status: Int) {
        let now = Self.now()
        result.answered += 1
        result.lastAnswerAt = now
        let inWindow = rate == nil
            ? now >= measureStart && now <= measureEnd
            : request.due >= measureStart && request.due < measureEnd
        if inWindow {
            result.answeredInWindow += 1
            result.statuses[status, default: 0] += 1
            _ = result.histogram.record(max(1, (now &- request.due) / 1_000))
        }
        if !(200..<300).contains(status) { result.non2xx += 1 }
        if plan.recordAcknowledged, (200..<300).contains(status) {
            result.acknowledged.append(request.request)
        }
        dispatchNext(on: connection)
    }

    // MARK: - Stopping

    private func stopIssuing() {
        issuing = false
        ticker?.cancel()
        ticker = nil
        checkFinished()
    }

    private func checkFinished() {
        guard !finished, !issuing, connectsPending == 0 else { return }
        let open = connections.compactMap { $0 }
        if open.contains(where: { $0.inFlight != nil }) { return }
        if !backlog.isEmpty && !open.isEmpty { return }
        finish()
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        issuing = false
        ticker?.cancel()
        let now = Self.now()
        result.unsent = backlog.count
        for connection in connections.compactMap({ $0 }) {
            if connection.inFlight != nil { result.unanswered += 1 }
            connection.close()
        }
        let windowEnd = min(measureEnd, max(now, measureStart))
        result.windowNanoseconds = windowEnd - measureStart
        if requestLimit != nil, result.answered > 0, result.lastAnswerAt > measureStart {
            result.windowNanoseconds = min(measureEnd, result.lastAnswerAt) - measureStart
        }
        promise.succeed(result)
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000
    }
}
