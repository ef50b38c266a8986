import Control
import Foundation
import TextingCore

/// Turns the text a person typed into domain values, with errors that name the argument.
enum Arguments {
    /// A phone number in any usual form (E8); the error keeps the phone code and names `what`.
    static func phone(_ text: String, _ what: String) throws(TextingError) -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw TextingError(error.code, "\(what): \(error.message)")
        }
    }

    /// `text` without surrounding white space; refused when nothing is left.
    static func required(_ text: String, _ what: String) throws(TextingError) -> String {
        let trimmed = trimmed(text)
        guard !trimmed.isEmpty else { throw bad("\(what) is empty.") }
        return trimmed
    }

    /// `text` without surrounding white space and line breaks.
    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The staff name recorded with an action.
    static func staff(_ text: String) throws(TextingError) -> String {
        let name = try required(text, "The staff name (--as)")
        guard name.count <= 100, !name.contains(where: \.isNewline) else {
            throw bad("The staff name must be one line of at most 100 characters.")
        }
        return name
    }

    static func country(_ text: String) throws(TextingError) -> PhoneCountry {
        guard let country = PhoneCountry(rawValue: text.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw TextingError(.init("practice.country_not_supported"),
                               "Only practices in the United States (US) and Canada (CA) can use 2-way texting.")
        }
        return country
    }

    static func intervals(_ texts: [String]) throws -> [OpenInterval] {
        try texts.flatMap { $0.split(separator: ",") }.map { try OpenInterval(parsing: String($0)) }
    }

    /// An error in the arguments that no rule code describes better.
    static func bad(_ message: String) -> TextingError {
        TextingError(.init(ControlErrorCode.badArguments), message)
    }

    /// The daemon cannot carry out this command here (no reload, no sandbox carrier, …).
    static func unavailable(_ message: String) -> TextingError {
        TextingError(.init(ControlErrorCode.unavailable), message)
    }
}
