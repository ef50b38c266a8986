import Control
import Foundation
import Operations
import Routing
import TextingCore
import Testing

/// W1, W2 through the operations themselves, as every door calls them: an account acts on its
/// own practice only, anything of another practice answers exactly as if it did not exist, a
/// `staff` account is refused admin operations, and the system administrator acts on any
/// practice.
@Suite("Operations authorisation (W1, W2)")
struct AuthorisationTests {
    typealias Probe = @Sendable (Operations, Caller) async throws -> Void

    /// Maple (practice 1) and Oak (practice 2), both onboarded; Oak has conversation 1 with a
    /// client, a directory client "Smith" and an unfinished upload `upload-1`.
    private static func twoPractices() async throws -> OperationsHarness {
        let harness = try await OperationsHarness()
        let maple = try await harness.onboardedPractice(name: "Maple Vet")
        let oak = try await harness.onboardedPractice(name: "Oak Animal Hospital")
        #expect(maple.id == 1 && oak.id == 2)
        try await harness.router.importDirectory(practice: PracticeID(2), clients: [ClientProfile(
            id: ClientID(0), practiceID: PracticeID(2), source: .pms, externalID: "c-1", firstName: "Jo", lastName: "Smith",
            phones: [try PhoneNumber(parsing: "+13125552071")])])
        let text = try await harness.operations.sandboxText(
            OperationsHarness.operator_, SandboxTextCommand(practice: 2, from: OperationsHarness.client, body: "Hi Oak"))
        #expect(text.conversation == 1)
        let upload = try await harness.operations.upload(
            OperationsHarness.operator_, MediaUploadCommand(practice: 2, fileName: "xray.jpg", data: "AAAA", more: true))
        #expect(upload.upload == "upload-1")
        return harness
    }

    /// Maple (practice 1) alone, onboarded the same way: the ids Oak's data has do not exist.
    private static func maple() async throws -> OperationsHarness {
        let harness = try await OperationsHarness()
        _ = try await harness.onboardedPractice(name: "Maple Vet")
        return harness
    }

    /// One probe per group of operations, each naming Oak's data (by practice id, or by an id
    /// that only Oak has) while asking as Maple.
    static let probes: [(String, Probe)] = [
        ("practice", { ops, caller in _ = try await ops.showPractice(caller, PracticeShowCommand(practice: 2)) }),
        ("conversation by practice", { ops, caller in
            _ = try await ops.listConversations(caller, ConversationListCommand(practice: 2))
        }),
        ("conversation by id", { ops, caller in
            _ = try await ops.showConversation(caller, ConversationShowCommand(practice: nil, conversation: 1))
        }),
        ("reply", { ops, caller in
            _ = try await ops.reply(caller, ConversationReplyCommand(practice: nil, staff: "Bob", conversation: 1, message: "Hi"))
        }),
        ("end", { ops, caller in
            _ = try await ops.endConversation(caller, ConversationEndCommand(practice: nil, staff: "Bob", conversation: 1))
        }),
        ("client search", { ops, caller in
            _ = try await ops.searchClients(caller, ClientsSearchCommand(practice: 2, lastName: "Smith"))
        }),
        ("profile by conversation", { ops, caller in
            _ = try await ops.showProfile(caller, ProfileShowCommand(practice: nil, conversation: 1))
        }),
        ("subscription", { ops, caller in
            _ = try await ops.showSubscription(caller, SubscriptionShowCommand(practice: 2, phone: OperationsHarness.client))
        }),
        ("hours", { ops, caller in _ = try await ops.showHours(caller, HoursShowCommand(practice: 2)) }),
        ("media", { ops, caller in
            _ = try await ops.upload(caller, MediaUploadCommand(practice: nil, upload: "upload-1", data: "AAAA"))
        }),
        ("attachment", { ops, caller in
            _ = try await ops.startConversation(caller, ConversationStartCommand(
                practice: nil, staff: "Bob", to: "+13125552072", title: "X-ray", attachments: ["upload-1"]))
        }),
        ("hours change", { ops, caller in
            _ = try await ops.setHours(caller, HoursSetCommand(practice: 2, day: "saturday", intervals: ["09:00-12:00"]))
        }),
        ("texting", { ops, caller in _ = try await ops.setTexting(caller, practice: 2, enabled: false) }),
        ("directory", { ops, caller in _ = try await ops.directoryPractice(caller, 2) }),
    ]

    @Test("W2: every account of practice A gets for B's data exactly the answer for data that does not exist")
    func anotherPracticeIsAnswersAsNonexistent() async throws {
        let both = try await Self.twoPractices()
        let alone = try await Self.maple()
        for role in StaffRole.allCases {
            let maple = OperationsHarness.account(1, practice: 1, role, "Dr. Maple")
            for (name, probe) in Self.probes {
                // What exists: the system administrator reaches Oak's data (admin probes aside,
                // which change it, every probe succeeds).
                let seen = await OperationsHarness.refusal { try await probe(both.operations, maple) }
                let none = await OperationsHarness.refusal { try await probe(alone.operations, maple) }
                #expect(seen == none, "\(name) as \(role.rawValue)")
                #expect(seen.code.hasSuffix("not_found"), "\(name) as \(role.rawValue): \(seen)")
            }
        }
        // The data is there: the system administrator sees Oak's conversation and client.
        let conversation = try await both.operations.showConversation(
            OperationsHarness.operator_, ConversationShowCommand(practice: 2, conversation: 1))
        #expect(conversation.conversation.practice == 2)
        let clients = try await both.operations.searchClients(
            OperationsHarness.operator_, ClientsSearchCommand(practice: 2, lastName: "Smith"))
        #expect(clients.clients.count == 1)
    }

    @Test("W2: an account's practice list holds its own practice only; its own search finds none of B's clients")
    func listsAreOwnPracticeOnly() async throws {
        let both = try await Self.twoPractices()
        let maple = OperationsHarness.account(1, practice: 1, .staff, "Dr. Maple")
        let practices = try await both.operations.listPractices(maple, PracticeListCommand())
        #expect(practices.practices.map(\.id) == [1])
        let all = try await both.operations.listPractices(OperationsHarness.operator_, PracticeListCommand())
        #expect(all.practices.map(\.id) == [1, 2])
        let search = try await both.operations.searchClients(maple, ClientsSearchCommand(practice: nil, lastName: "Smith"))
        #expect(search.clients.isEmpty)
        let conversations = try await both.operations.listConversations(maple, ConversationListCommand(practice: nil, all: true))
        #expect(conversations.conversations.isEmpty)
    }

    @Test("W1: a staff account is refused every admin operation of its own practice with auth.forbidden")
    func staffIsRefusedAdminOperations() async throws {
        let both = try await Self.twoPractices()
        let ops = both.operations
        let staff = OperationsHarness.account(5, practice: 2, .staff, "Sam")
        let admin: [(String, Probe)] = [
            ("practice.set", { ops, c in _ = try await ops.changePractice(c, PracticeSetCommand(practice: nil, name: "Elm Vet")) }),
            ("app-chat", { ops, c in _ = try await ops.setAppChat(c, practice: nil, enabled: false) }),
            ("texting", { ops, c in _ = try await ops.setTexting(c, practice: nil, enabled: false) }),
            ("number.request", { ops, c in _ = try await ops.requestNumber(c, NumberRequestCommand(practice: nil)) }),
            ("number.port", { ops, c in
                _ = try await ops.requestPort(c, NumberPortCommand(practice: nil, number: "(312) 555-0100", carrier: "AT&T"))
            }),
            ("number.port-complete", { ops, c in _ = try await ops.completePort(c, NumberPortCompleteCommand(practice: nil)) }),
            ("hours.set", { ops, c in
                _ = try await ops.setHours(c, HoursSetCommand(practice: nil, day: "saturday", intervals: ["09:00-12:00"]))
            }),
            ("hours.exception", { ops, c in
                _ = try await ops.setHoursException(c, HoursExceptionCommand(practice: nil, date: "2026-12-24", closed: true))
            }),
            ("hours.clear", { ops, c in _ = try await ops.clearHours(c, HoursClearCommand(practice: nil)) }),
            ("directory.import", { ops, c in _ = try await ops.directoryPractice(c, nil) }),
            ("directory.import (stored)", { ops, c in
                _ = try await ops.importDirectory(c, practice: PracticeID(2), clients: [], dryRun: false)
            }),
        ]
        for (name, probe) in admin {
            let refused = await OperationsHarness.refusal { try await probe(ops, staff) }
            #expect(refused.code == "auth.forbidden", "\(name): \(refused)")
            #expect(!refused.message.contains("("), "plain words, no rule ids: \(refused.message)")
        }
        // Nothing changed.
        let oak = try await ops.showPractice(staff, PracticeShowCommand(practice: nil))
        #expect(oak.name == "Oak Animal Hospital" && oak.texting && oak.appChat)
        #expect(try await ops.showHours(staff, HoursShowCommand(practice: nil)).weekly.first { $0.day == "saturday" }?
            .intervals == [])
        #expect(try await ops.searchClients(staff, ClientsSearchCommand(practice: nil, lastName: "Smith")).clients.count == 1)
    }

    @Test("W1: accounts are refused what concerns the whole daemon, whatever their role")
    func accountsAreRefusedDaemonOperations() async throws {
        let both = try await Self.twoPractices()
        for role in StaffRole.allCases {
            let account = OperationsHarness.account(1, practice: 1, role, "Dr. Maple")
            let refusals = [
                await OperationsHarness.refusal { try await both.operations.status(account) },
                await OperationsHarness.refusal { try await both.operations.reload(account) },
                await OperationsHarness.refusal {
                    try await both.operations.addPractice(account, PracticeAddCommand(
                        name: "Elm", country: "US", timeZone: "America/New_York", practicePhone: "(312) 555-0100",
                        emergencyPhone: "(312) 555-0199"))
                },
                await OperationsHarness.refusal {
                    try await both.operations.sandboxText(account, SandboxTextCommand(practice: nil, from: OperationsHarness.client, body: "Hi"))
                },
                await OperationsHarness.refusal {
                    try await both.operations.sandboxInbox(account, SandboxInboxCommand(number: OperationsHarness.client))
                },
            ]
            #expect(refusals.allSatisfy { $0.code == "auth.forbidden" }, "\(role.rawValue): \(refusals)")
        }
        #expect(try await both.operations.status(OperationsHarness.operator_).practices == 2)
    }

    @Test("W1, W2: an admin account changes its own practice's settings, not another's")
    func adminActsOnOwnPracticeOnly() async throws {
        let both = try await Self.twoPractices()
        let alone = try await Self.maple()
        let admin = OperationsHarness.account(9, practice: 1, .admin, "Ada")
        let hours = try await both.operations.setHours(admin, HoursSetCommand(practice: nil, day: "saturday", intervals: ["09:00-12:00"]))
        #expect(hours.practice == 1)
        #expect(hours.weekly.first { $0.day == "saturday" }?.intervals == ["09:00-12:00"])
        let practice = try await both.operations.setAppChat(admin, practice: 1, enabled: false)
        #expect(!practice.appChat)
        let request = HoursSetCommand(practice: 2, day: "saturday", intervals: ["09:00-12:00"])
        let other = await OperationsHarness.refusal { try await both.operations.setHours(admin, request) }
        let missing = await OperationsHarness.refusal { try await alone.operations.setHours(admin, request) }
        #expect(other == missing && other.code == "practice.not_found")
        let oak = try await both.operations.showHours(OperationsHarness.operator_, HoursShowCommand(practice: 2))
        #expect(oak.weekly.first { $0.day == "saturday" }?.intervals == [], "Oak's hours are untouched")
    }

    @Test("W1: the system administrator acts on any practice, naming it")
    func systemAdministratorActsOnAnyPractice() async throws {
        let both = try await Self.twoPractices()
        let ops = both.operations
        for practice: Int64 in [1, 2] {
            let hours = try await ops.setHours(
                OperationsHarness.operator_, HoursSetCommand(practice: practice, day: "sunday", intervals: ["10:00-11:00"]))
            #expect(hours.practice == practice)
        }
        let unnamed = await OperationsHarness.refusal { try await ops.showHours(OperationsHarness.operator_, HoursShowCommand(practice: nil)) }
        #expect(unnamed.code == "practice.required")
        let reply = try await ops.reply(OperationsHarness.operator_, ConversationReplyCommand(
            practice: 2, staff: "Dr. Oak", conversation: 1, message: "Rex is ready."))
        #expect(reply.conversation == 1)
    }

    @Test("W1: an account's messages and changes are recorded under its display name, not a typed one")
    func authorIsTheAccount() async throws {
        let both = try await Self.twoPractices()
        let ops = both.operations
        let staff = try await both.storedAccount(practice: 2, .staff, "Sam Lee", login: "sam")
        _ = try await ops.reply(staff, ConversationReplyCommand(
            practice: nil, staff: "Somebody Else", conversation: 1, message: "Rex is ready for pickup."))
        let thread = try await ops.showConversation(staff, ConversationShowCommand(practice: nil, conversation: 1))
        #expect(thread.messages.last?.author == "staff:Sam Lee")
        #expect(staff.accountID != nil && OperationsHarness.operator_.accountID == nil)
        let subscription = try await ops.setSubscription(staff, SubscriptionSetCommand(
            practice: nil, staff: "", phone: OperationsHarness.client, reminders: false))
        #expect(subscription.history.last?.actor.contains("Sam Lee") == true, "\(subscription.history)")
        // The system administrator still needs the --as name.
        let unnamed = await OperationsHarness.refusal {
            try await ops.reply(OperationsHarness.operator_, ConversationReplyCommand(
                practice: 2, staff: " ", conversation: 1, message: "Hi"))
        }
        #expect(unnamed.code == "control.bad_args")
    }

    @Test("W1: an account's messages and subscription changes record its account id; an administrator's record none")
    func accountIDIsRecorded() async throws {
        let both = try await Self.twoPractices()
        let ops = both.operations
        let staff = try await both.storedAccount(practice: 2, .staff, "Sam Lee", login: "sam")
        let accountID = try #require(staff.accountID)
        let reply = try await ops.reply(staff, ConversationReplyCommand(
            practice: nil, staff: "", conversation: 1, message: "Rex is ready for pickup."))
        let replyID = try #require(reply.message)
        let replied = try #require(try await both.store.message(MessageID(rawValue: replyID)))
        #expect(replied.accountID == accountID)
        let byOperator = try await ops.reply(OperationsHarness.operator_, ConversationReplyCommand(
            practice: 2, staff: "Front Desk", conversation: 1, message: "See you at 3."))
        let operatorID = try #require(byOperator.message)
        let operatorMessage = try #require(try await both.store.message(MessageID(rawValue: operatorID)))
        #expect(operatorMessage.accountID == nil)

        _ = try await ops.setSubscription(staff, SubscriptionSetCommand(
            practice: nil, staff: "", phone: OperationsHarness.client, reminders: false))
        _ = try await ops.optOut(staff, ConversationOptOutCommand(practice: nil, staff: "", conversation: 1))
        let history = try await both.store.subscriptionHistory(
            practice: PracticeID(rawValue: 2), phone: try PhoneNumber(parsing: OperationsHarness.client))
        let byAccount = history.filter { $0.actor.contains("Sam Lee") }
        #expect(byAccount.count == 2, "\(history)")
        #expect(byAccount.allSatisfy { $0.accountID == accountID }, "\(history)")
    }
}
