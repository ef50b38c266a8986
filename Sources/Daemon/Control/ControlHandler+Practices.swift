import Carrier
import Control
import Foundation
import Routing
import TextingCore

/// The daemon and practice settings: `status`, `reload`, `practice.*`, `app-chat.*`,
/// `number.*`, `texting.*`, `hours.*` (E1–E3, E7, A3).
extension ControlHandler {
    static let daemonRoutes: [(String, Route)] = [
        route(StatusCommand.self) { handler, _, _ in try await handler.status() },
        route(ReloadCommand.self) { handler, _, _ in try await handler.reload() },
    ]

    static let practiceRoutes: [(String, Route)] = [
        route(PracticeAddCommand.self) { handler, args, _ in try await handler.addPractice(args) },
        route(PracticeListCommand.self) { handler, _, _ in
            PracticeList(practices: await handler.router.allPractices().map(PracticeInfo.init))
        },
        route(PracticeShowCommand.self) { handler, args, _ in
            PracticeInfo(try await handler.router.practice(handler.practiceID(args.practice)))
        },
        route(PracticeSetCommand.self) { handler, args, _ in try await handler.changePractice(args) },
        route(AppChatEnableCommand.self) { handler, args, _ in
            PracticeInfo(try await handler.router.setAppChat(practice: handler.practiceID(args.practice), enabled: true))
        },
        route(AppChatDisableCommand.self) { handler, args, _ in
            PracticeInfo(try await handler.router.setAppChat(practice: handler.practiceID(args.practice), enabled: false))
        },
        route(TextingEnableCommand.self) { handler, args, _ in
            PracticeInfo(try await handler.router.setTexting(practice: handler.practiceID(args.practice), enabled: true))
        },
        route(TextingDisableCommand.self) { handler, args, _ in
            PracticeInfo(try await handler.router.setTexting(practice: handler.practiceID(args.practice), enabled: false))
        },
        route(NumberRequestCommand.self) { handler, args, _ in try await handler.requestNumber(args) },
        route(NumberPortCommand.self) { handler, args, _ in try await handler.requestPort(args) },
        route(NumberPortCompleteCommand.self) { handler, args, _ in
            PracticeInfo(try await handler.router.completePort(practice: handler.practiceID(args.practice)))
        },
        route(HoursShowCommand.self) { handler, args, _ in
            try await handler.hours(handler.router.practice(handler.practiceID(args.practice)))
        },
        route(HoursSetCommand.self) { handler, args, _ in try await handler.setHours(args) },
        route(HoursExceptionCommand.self) { handler, args, _ in try await handler.setHoursException(args) },
        route(HoursClearCommand.self) { handler, args, _ in
            try await handler.hours(handler.router.clearHours(practice: handler.practiceID(args.practice)))
        },
    ]

    /// The practice a request is about: the one named, or the only one the daemon serves.
    func practiceID(_ requested: Int64?) async throws -> PracticeID {
        if let requested {
            return try await router.practice(PracticeID(requested)).id
        }
        let practices = await router.allPractices()
        switch practices.count {
        case 0:
            throw TextingError(.init("practice.none"), "There is no practice yet; add one first (practice add).")
        case 1:
            return practices[0].id
        default:
            let names = practices.prefix(5).map { "\($0.id) \($0.name)" }.joined(separator: ", ")
            throw TextingError(.init("practice.required"),
                               "This daemon serves \(practices.count) practices (\(names)\(practices.count > 5 ? ", …" : "")); "
                                   + "name one with --practice ID.")
        }
    }

    // MARK: - Daemon

    private func status() async throws -> StatusInfo {
        StatusInfo(
            version: environment.version, protocolVersion: ControlProtocol.version, carrier: environment.carrierKind,
            practices: await router.allPractices().count, liveSessions: await router.liveSessionCount,
            outboxDepth: try await router.outboxDepth())
    }

    private func reload() async throws -> ReloadInfo {
        guard let reload = environment.reload else {
            throw ControlErrorBody(code: ControlErrorCode.unavailable, message: "This daemon cannot reload its configuration.")
        }
        return await reload()
    }

    // MARK: - Practices (E1)

    private func addPractice(_ args: PracticeAddCommand) async throws -> PracticeInfo {
        let zone = try ConversationHours.timeZone(identifier: args.timeZone.trimmingCharacters(in: .whitespaces))
        let practice = Practice(
            id: PracticeID(0), name: try ControlArguments.required(args.name, "The practice name"),
            country: try ControlArguments.country(args.country), timeZone: zone,
            practicePhone: try ControlArguments.phone(args.practicePhone, "The practice phone"),
            emergencyPhone: try ControlArguments.phone(args.emergencyPhone, "The emergency phone"))
        return PracticeInfo(try await router.addPractice(practice))
    }

    private func changePractice(_ args: PracticeSetCommand) async throws -> PracticeInfo {
        let id = try await practiceID(args.practice)
        let practice = try await router.changeSettings(
            practice: id, name: try args.name.map { try ControlArguments.required($0, "The practice name") },
            country: try args.country.map(ControlArguments.country),
            timeZone: try args.timeZone.map { try ConversationHours.timeZone(identifier: $0.trimmingCharacters(in: .whitespaces)) },
            practicePhone: try args.practicePhone.map { try ControlArguments.phone($0, "The practice phone") },
            emergencyPhone: try args.emergencyPhone.map { try ControlArguments.phone($0, "The emergency phone") })
        return PracticeInfo(practice)
    }

    // MARK: - Numbers (E2, E7)

    private func requestNumber(_ args: NumberRequestCommand) async throws -> PracticeInfo {
        let id = try await practiceID(args.practice)
        guard let provision = environment.provisionNumber else {
            throw ControlErrorBody(code: ControlErrorCode.unavailable,
                                   message: "Requesting a toll-free number through the \(environment.carrierKind) carrier is "
                                       + "not available yet; assign the number by hand or use the sandbox carrier.")
        }
        do {
            return PracticeInfo(try await router.requestNumber(practice: id, provision: provision))
        } catch let error as CarrierError {
            throw TextingError(.init("number.provisioning_failed"),
                               "The carrier could not provide a toll-free number: \(error.message)")
        }
    }

    private func requestPort(_ args: NumberPortCommand) async throws -> PortRequestInfo {
        let id = try await practiceID(args.practice)
        let number = try ControlArguments.phone(args.number, "The practice's own number")
        let policy = environment.porting()
        let practice = try await router.requestPort(practice: id, number: number, carrier: args.carrier, policy: policy)
        return PortRequestInfo(practice: PracticeInfo(practice), feeCents: policy.setupFeeCents)
    }

    // MARK: - Hours (A3)

    private func hours(_ practice: Practice) -> HoursInfo {
        HoursInfo(practice, now: router.currentTime())
    }

    private func setHours(_ args: HoursSetCommand) async throws -> HoursInfo {
        let id = try await practiceID(args.practice)
        let day = try Weekday(parsing: args.day)
        let intervals = try ControlArguments.intervals(args.intervals)
        return hours(try await router.setHours(practice: id, day: day, intervals: intervals))
    }

    private func setHoursException(_ args: HoursExceptionCommand) async throws -> HoursInfo {
        let id = try await practiceID(args.practice)
        let date = try LocalDate(parsing: args.date)
        let intervals = try ControlArguments.intervals(args.intervals ?? [])
        let exception: HoursException?
        switch (args.closed ?? false, !intervals.isEmpty, args.remove ?? false) {
        case (true, false, false): exception = .closed
        case (false, true, false): exception = .special(intervals)
        case (false, false, true): exception = nil
        default:
            throw ControlArguments.bad("Give exactly one of closed, intervals or remove for an hours exception.")
        }
        return hours(try await router.setHoursException(practice: id, date: date, exception: exception))
    }
}
