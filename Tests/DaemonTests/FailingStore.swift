import Foundation
import TextingCore
import TextingStore
import TextingStoreTestKit

/// A store whose writes of inbound texts fail, as a full disk or a broken database would make
/// them; everything else goes to the real store.
struct FailingStore: ForwardingStore {
    struct Failure: Error {}
    let base: any MessageStore

    func commit(_ batch: SessionBatch) async throws -> SessionCommit { throw Failure() }
    func storeOrphan(_ message: MessageDraft, phone: PhoneNumber, practiceNumber: PhoneNumber) async throws -> Bool {
        throw Failure()
    }
}
