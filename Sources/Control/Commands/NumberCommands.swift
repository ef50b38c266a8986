/// `number.request`: assigns a dedicated toll-free number (E2); only while app chat is on, and
/// only to a practice without a number.
public typealias NumberRequestCommand = PracticeOnlyCommand<NumberRequest>
public enum NumberRequest: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "number.request"
}

/// `number.port`: asks to text from the practice's own number (E7). An eligible carrier records
/// the setup fee and sets the state `port_requested`; an ineligible one is refused
/// (`number.port_ineligible`) and nothing is charged.
public struct NumberPortCommand: ControlCommand, PracticeScoped {
    public typealias Result = PortRequestInfo
    public static let name = "number.port"
    public var practice: Int64?
    /// The practice's own number, any usual form.
    public var number: String
    /// Its current carrier, e.g. `Verizon`.
    public var carrier: String

    public init(practice: Int64?, number: String, carrier: String) {
        self.practice = practice
        self.number = number
        self.carrier = carrier
    }
}

/// `number.port-complete`: marks a requested port done (state `ported`, E7).
public typealias NumberPortCompleteCommand = PracticeOnlyCommand<NumberPortComplete>
public enum NumberPortComplete: ControlCommandKind {
    public typealias Result = PracticeInfo
    public static let name = "number.port-complete"
}
