import Control
import Operations

/// The daemon and practice settings: `status`, `reload`, `backup`, `practice.*`, `app-chat.*`,
/// `number.*`, `texting.*`, `hours.*` (E1–E3, E7, A3), each carried out by ``Operations``.
extension ControlHandler {
    static let daemonRoutes: [(String, Route)] = [
        route(StatusCommand.self) { operations, _, caller, _ in try await operations.status(caller) },
        route(ReloadCommand.self) { operations, _, caller, _ in try await operations.reload(caller) },
        route(BackupCommand.self) { operations, args, caller, _ in try await operations.backup(caller, args) },
        route(BackupDiscardCommand.self) { operations, args, caller, _ in try await operations.discardBackup(caller, args) },
    ]

    static let practiceRoutes: [(String, Route)] = [
        route(PracticeAddCommand.self) { operations, args, caller, _ in try await operations.addPractice(caller, args) },
        route(PracticeListCommand.self) { operations, args, caller, _ in try await operations.listPractices(caller, args) },
        route(PracticeShowCommand.self) { operations, args, caller, _ in try await operations.showPractice(caller, args) },
        route(PracticeRemoveCommand.self) { operations, args, caller, _ in try await operations.removePractice(caller, args) },
        route(PracticeSetCommand.self) { operations, args, caller, _ in try await operations.changePractice(caller, args) },
        route(AppChatEnableCommand.self) { operations, args, caller, _ in
            try await operations.setAppChat(caller, practice: args.practice, enabled: true)
        },
        route(AppChatDisableCommand.self) { operations, args, caller, _ in
            try await operations.setAppChat(caller, practice: args.practice, enabled: false)
        },
        route(TextingEnableCommand.self) { operations, args, caller, _ in
            try await operations.setTexting(caller, practice: args.practice, enabled: true)
        },
        route(TextingDisableCommand.self) { operations, args, caller, _ in
            try await operations.setTexting(caller, practice: args.practice, enabled: false)
        },
        route(NumberRequestCommand.self) { operations, args, caller, _ in try await operations.requestNumber(caller, args) },
        route(NumberPortCommand.self) { operations, args, caller, _ in try await operations.requestPort(caller, args) },
        route(NumberPortCompleteCommand.self) { operations, args, caller, _ in
            try await operations.completePort(caller, args)
        },
        route(HoursShowCommand.self) { operations, args, caller, _ in try await operations.showHours(caller, args) },
        route(HoursSetCommand.self) { operations, args, caller, _ in try await operations.setHours(caller, args) },
        route(HoursExceptionCommand.self) { operations, args, caller, _ in
            try await operations.setHoursException(caller, args)
        },
        route(HoursClearCommand.self) { operations, args, caller, _ in try await operations.clearHours(caller, args) },
    ]
}
