import ArgumentParser

/// `twowayctl`: practice admins and staff drive `twowayd` through its control socket.
///
/// Every command prints a human-readable answer, or with `--json` the daemon's result object.
/// Exit status: 0 done; 1 the daemon refused (the reason is on stderr, and with `--json` the
/// error object on stdout); 2 the daemon could not be reached or answered nonsense; 64 bad
/// usage. `Docs/twowayctl.md` describes every command.
@main
struct Twowayctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twowayctl",
        abstract: "Administer twowayd: practices, numbers, hours, the client directory, conversations and staff accounts.",
        discussion: """
            Talks to twowayd over its control socket (--socket, default $TWOWAYCTL_SOCKET or \
            /run/twowayd.control.sock). --practice defaults to $TWOWAYCTL_PRACTICE, or to the only \
            practice when the daemon serves one. --as (the staff name recorded with what you do) \
            defaults to $USER. Times are shown in the practice's time zone, with the zone named \
            (2026-12-07 09:14 EST); with --json they are ISO 8601 in UTC.
            """,
        subcommands: [
            Status.self, Reload.self, Backup.self, PracticeGroup.self, AppChat.self, NumberGroup.self, Texting.self, Hours.self,
            Directory.self, Clients.self, Conversation.self, Profile.self, Subscription.self, Reminder.self, Sandbox.self,
            StaffAccounts.self, Webhooks.self, Events.self,
        ])
}
