/// `status`: the daemon's version, carrier, practices, sessions and outbox depth.
public struct StatusCommand: ControlCommand {
    public typealias Result = StatusInfo
    public static let name = "status"
    public init() {}
}

/// `reload`: re-reads the configuration file as SIGHUP does; a broken file is refused and the
/// old configuration stays in force.
public struct ReloadCommand: ControlCommand {
    public typealias Result = ReloadInfo
    public static let name = "reload"
    public init() {}
}
