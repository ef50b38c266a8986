extension TextingError {
    /// The one answer for a practice that does not exist, and for another practice's id asked
    /// by a staff account (W2: the two must be indistinguishable, so every layer uses this).
    public static func practiceNotFound(_ id: PracticeID) -> TextingError {
        TextingError(.init("practice.not_found"), "There is no practice \(id.rawValue).")
    }
}
