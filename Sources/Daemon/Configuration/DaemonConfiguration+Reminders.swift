import TextingCore

extension DaemonConfiguration {
    /// Reminders the practice platform requests, and their quiet hours (E5, Q1).
    ///
    /// ```json
    /// "reminders": {
    ///   "quietHours": {"start": "21:00", "end": "08:00"},
    ///   "holdOnClosedDays": false,
    ///   "practices": {"2": {"holdOnClosedDays": true}}
    /// }
    /// ```
    public struct Reminders: Sendable, Hashable, Codable {
        /// A practice's quiet hours and closed-day hold (Q1).
        public typealias Rule = ReminderWindow
        /// The rule for every practice without an override.
        public var standard = Rule()
        /// Overrides by practice id; a key left out of an override keeps the standard's value.
        public var practices: [Int64: Rule] = [:]
        /// How often the scheduler looks for held reminders that are due, in seconds (it is also
        /// woken when one is held).
        public var pollSeconds = 15

        public init() {}

        /// The rule for `practice`.
        public func rule(for practice: PracticeID) -> Rule {
            practices[practice.rawValue] ?? standard
        }

    }
}

extension DaemonConfiguration.Reminders {
    static let keys = ["quietHours", "holdOnClosedDays", "practices", "pollSeconds"]
    static let ruleKeys = ["quietHours", "holdOnClosedDays"]

    public init(from decoder: any Decoder) throws {
        self.init()
        try apply(ConfigValue(from: decoder), path: "reminders")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(standard.quietHours, forKey: .quietHours)
        try container.encode(standard.holdOnClosedDays, forKey: .holdOnClosedDays)
        try container.encode(Dictionary(uniqueKeysWithValues: practices.map { (String($0.key), $0.value) }), forKey: .practices)
        try container.encode(pollSeconds, forKey: .pollSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case quietHours, holdOnClosedDays, practices, pollSeconds
    }

    mutating func apply(_ value: ConfigValue, path: String) throws(ConfigurationError) {
        let object = try ConfigObjectReader(value, path: path, knownKeys: Self.keys)
        try standard.apply(object)
        if let number = try object.wholeNumber("pollSeconds", in: 1...3600) { pollSeconds = number }
        guard let overrides = object.value("practices") else { return }
        guard case .object(let list) = overrides else {
            throw ConfigurationError(.invalidValue, keyPath: object.keyPath("practices"),
                                     problem: "expected an object of practice ids, found \(overrides.quoted)")
        }
        var rules: [Int64: Rule] = [:]
        for member in list {
            let memberPath = ConfigObjectReader.join(object.keyPath("practices"), member.key)
            guard let id = Int64(member.key), id > 0 else {
                throw ConfigurationError(.invalidValue, keyPath: memberPath,
                                         problem: "expected a practice id (a whole number above 0) as the key")
            }
            var rule = standard
            try rule.apply(ConfigObjectReader(member.value, path: memberPath, knownKeys: Self.ruleKeys))
            rules[id] = rule
        }
        practices = rules
    }
}

extension ReminderWindow {
    mutating func apply(_ object: ConfigObjectReader) throws(ConfigurationError) {
        if let flag = try object.bool("holdOnClosedDays") { holdOnClosedDays = flag }
        guard let quiet = object.value("quietHours") else { return }
        let path = object.keyPath("quietHours")
        let hours = try ConfigObjectReader(quiet, path: path, knownKeys: ["start", "end"])
        let startText = try hours.string("start")
        let endText = try hours.string("end")
        do throws(TextingError) {
            let start = try startText.map(LocalTime.init(parsing:)) ?? quietHours.start
            let end = try endText.map(LocalTime.init(parsing:)) ?? quietHours.end
            quietHours = try QuietHours(start: start, end: end)
        } catch {
            throw ConfigurationError(.invalidValue, keyPath: path, problem: error.message)
        }
    }
}
