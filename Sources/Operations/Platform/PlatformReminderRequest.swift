/// The body of `POST /api/v1/reminders`.
public struct PlatformReminderRequest: Codable, Sendable, Hashable {
    /// The client's number, in any usual form (E8).
    public var phone: String
    /// The text.
    public var body: String
    /// `reminder` or `confirmation`.
    public var kind: String
    /// The client's id in the practice-management software, when known.
    public var pmsClientId: String?

    public init(phone: String, body: String, kind: String, pmsClientId: String? = nil) {
        self.phone = phone
        self.body = body
        self.kind = kind
        self.pmsClientId = pmsClientId
    }
}
