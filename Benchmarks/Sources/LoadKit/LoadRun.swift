import NIOCore
import NIOPosix

/// Runs one load against a server and returns what it measured.
public enum LoadRun {
    /// Runs `plan` with requests from `factory` on a client event-loop group of its own
    /// (`plan.threads` threads), which is shut down before returning. With `serverPID`, the CPU
    /// time the server used during the run is reported too.
    public static func run(_ plan: LoadPlan, factory: any RequestFactory, serverPID: Int32? = nil) async throws -> LoadSummary {
        try plan.checkLoopback()
        guard plan.connections > 0, plan.threads > 0 else { throw LoadError("connections and threads must be positive") }
        let threads = min(plan.threads, plan.connections)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let cpuBefore = ProcessCPU.ofSelf()
        let serverBefore = serverPID.flatMap(ProcessCPU.of(pid:))
        let started = ContinuousClock.now
        let results: [ShardResult]
        do {
            var futures: [EventLoopFuture<ShardResult>] = []
            for (index, loop) in group.makeIterator().enumerated() {
                futures.append(loop.flatSubmit {
                    LoadShard(loop: loop, plan: plan, factory: factory, shard: index, shardCount: threads).start()
                })
            }
            var collected: [ShardResult] = []
            for future in futures { collected.append(try await future.get()) }
            results = collected
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
        let cpuAfter = ProcessCPU.ofSelf()
        let serverAfter = serverPID.flatMap(ProcessCPU.of(pid:))
        let elapsed = ContinuousClock.now - started
        return LoadSummary(label: factory.label, plan: plan, threads: threads, shards: results,
                           clientCPUSeconds: (cpuAfter?.seconds ?? 0) - (cpuBefore?.seconds ?? 0),
                           serverCPUSeconds: serverAfter.flatMap { after in serverBefore.map { after.seconds - $0.seconds } },
                           elapsedSeconds: Double(LoadShard.nanoseconds(elapsed)) / 1e9)
    }
}
