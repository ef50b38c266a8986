import Control
import Routing
import TextingCore

/// Practices and their features: `practice.*`, `app-chat.*`, `texting.*` (E1, E3).
extension Operations {
    /// Adds a practice (E1). Only the system administrator adds practices.
    public func addPractice(_ caller: Caller, _ args: PracticeAddCommand) async throws -> PracticeInfo {
        try caller.requireSystemAdministrator()
        let zone = try ConversationHours.timeZone(identifier: args.timeZone.trimmingCharacters(in: .whitespaces))
        let practice = Practice(
            id: PracticeID(0), name: try Arguments.required(args.name, "The practice name"),
            country: try Arguments.country(args.country), timeZone: zone,
            practicePhone: try Arguments.phone(args.practicePhone, "The practice phone"),
            emergencyPhone: try Arguments.phone(args.emergencyPhone, "The emergency phone"))
        return PracticeInfo(try await router.addPractice(practice))
    }

    /// Every practice the caller may see (an account: its own).
    public func listPractices(_ caller: Caller, _: PracticeListCommand) async throws -> PracticeList {
        PracticeList(practices: try await visiblePractices(for: caller).map(PracticeInfo.init))
    }

    public func showPractice(_ caller: Caller, _ args: PracticeShowCommand) async throws -> PracticeInfo {
        PracticeInfo(try await router.practice(practiceID(for: caller, args.practice)))
    }

    /// Removes a practice that was never used (the system administrator only); answers the
    /// practices left.
    public func removePractice(_ caller: Caller, _ args: PracticeRemoveCommand) async throws -> PracticeList {
        try caller.requireSystemAdministrator()
        try await router.removePractice(PracticeID(args.practice))
        logger.notice("practice removed", metadata: ["event": "practice_removed", "practice": "\(args.practice)"])
        return try await listPractices(caller, PracticeListCommand())
    }

    /// Changes the name, country, time zone or phones (admins).
    public func changePractice(_ caller: Caller, _ args: PracticeSetCommand) async throws -> PracticeInfo {
        let id = try await adminPractice(caller, args.practice)
        let practice = try await router.changeSettings(
            practice: id, name: try args.name.map { try Arguments.required($0, "The practice name") },
            country: try args.country.map(Arguments.country),
            timeZone: try args.timeZone.map { try ConversationHours.timeZone(identifier: $0.trimmingCharacters(in: .whitespaces)) },
            practicePhone: try args.practicePhone.map { try Arguments.phone($0, "The practice phone") },
            emergencyPhone: try args.emergencyPhone.map { try Arguments.phone($0, "The emergency phone") })
        return PracticeInfo(practice)
    }

    /// Turns app chat on or off (E1; admins).
    public func setAppChat(_ caller: Caller, practice: Int64?, enabled: Bool) async throws -> PracticeInfo {
        PracticeInfo(try await router.setAppChat(practice: adminPractice(caller, practice), enabled: enabled))
    }

    /// Turns texting on or off (E3; admins).
    public func setTexting(_ caller: Caller, practice: Int64?, enabled: Bool) async throws -> PracticeInfo {
        PracticeInfo(try await router.setTexting(practice: adminPractice(caller, practice), enabled: enabled))
    }

    /// The practice an admin action is about: the caller must be an admin (W1) of it (W2). The
    /// practice is resolved first, so another practice's id answers "not found" whatever the role.
    func adminPractice(_ caller: Caller, _ requested: Int64?) async throws -> PracticeID {
        let id = try await practiceID(for: caller, requested)
        try caller.requireAdmin()
        return id
    }
}
