import Synchronization

extension ChangeFeed {
    /// One reader's deliveries not yet taken. The reader takes everything pending at once
    /// (``next()``), so a reader that is busy writing while changes arrive writes them together
    /// next time: under load a stream costs one wake-up and one write per batch, not per change.
    final class ReaderQueue: Sendable {
        private struct State {
            var pending: [Delivery] = []
            var waiter: CheckedContinuation<[Delivery], Never>?
            var finished = false
        }

        private let state = Mutex(State())
        /// Deliveries a reader may fall behind by before its queue is finished.
        let limit: Int

        init(limit: Int) {
            self.limit = limit
        }

        /// Adds `delivery`; false (and the queue finished) when the reader is `limit` behind.
        @discardableResult
        func push(_ delivery: Delivery) -> Bool {
            let (waiter, batch, kept) = state.withLock { state -> (CheckedContinuation<[Delivery], Never>?, [Delivery], Bool) in
                if state.finished { return (nil, [], false) }
                if state.pending.count >= limit {
                    state.finished = true
                    defer { state.waiter = nil }
                    return (state.waiter, [], false)
                }
                state.pending.append(delivery)
                guard let waiter = state.waiter else { return (nil, [], true) }
                state.waiter = nil
                defer { state.pending.removeAll(keepingCapacity: true) }
                return (waiter, state.pending, true)
            }
            waiter?.resume(returning: batch)
            return kept
        }

        /// Ends the queue: what is pending can still be taken, then ``next()`` answers empty.
        func finish() {
            let waiter = state.withLock { state in
                state.finished = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: [])
        }

        var isFinished: Bool { state.withLock { $0.finished } }

        /// Everything pending, oldest first, waiting while nothing is; empty once the queue is
        /// finished and drained, or the task is cancelled.
        func next() async -> [Delivery] {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<[Delivery], Never>) in
                    let ready: [Delivery]? = state.withLock { state in
                        if !state.pending.isEmpty {
                            defer { state.pending.removeAll(keepingCapacity: true) }
                            return state.pending
                        }
                        if state.finished || Task.isCancelled { return [] }
                        state.waiter = continuation
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            } onCancel: {
                finish()
            }
        }
    }
}
