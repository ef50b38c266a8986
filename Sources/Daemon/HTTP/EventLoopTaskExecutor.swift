import NIOCore

/// A NIO event loop as a Swift task executor (SE-0417): a task that prefers it runs its
/// nonisolated code, and the code of default actors it calls (the router, a phone session), on
/// the event loop's thread.
///
/// The HTTP server runs each connection's task with this preference for the connection's own
/// event loop, so a request is read, handled and answered on one thread: no wake-up of the
/// cooperative pool to handle it and none of the event loop to write the answer (issue 15).
/// Work that waits (a commit, a read) still suspends, and resumes here.
///
/// Code run this way must not block: it holds up every other connection of the loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
