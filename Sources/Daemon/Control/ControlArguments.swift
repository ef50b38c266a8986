import Control
import Foundation
import Routing
import TextingCore

/// Turns the text a person typed into domain values, with errors that name the argument.
enum ControlArguments {
    /// A phone number in any usual form (E8); the error keeps the phone code and names `what`.
    static func phone(_ text: String, _ what: String) throws -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text)
        } catch {
            throw TextingError(error.code, "\(what): \(error.message)")
        }
    }

    /// `text` without surrounding white space; refused when nothing is left.
    static func required(_ text: String, _ what: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw bad("\(what) is empty.") }
        return trimmed
    }

    /// The staff name recorded with an action.
    static func staff(_ text: String) throws -> String {
        let name = try required(text, "The staff name (--as)")
        guard name.count <= 100, !name.contains(where: \.isNewline) else {
            throw bad("The staff name must be one line of at most 100 characters.")
        }
        return name
    }

    static func country(_ text: String) throws -> PhoneCountry {
        guard let country = PhoneCountry(rawValue: text.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw TextingError(.init("practice.country_not_supported"),
                               "Only practices in the United States (US) and Canada (CA) can use 2-way texting (E1, E8).")
        }
        return country
    }

    static func intervals(_ texts: [String]) throws -> [OpenInterval] {
        try texts.flatMap { $0.split(separator: ",") }.map { try OpenInterval(parsing: String($0)) }
    }

    /// An error in the arguments that no rule code describes better.
    static func bad(_ message: String) -> ControlErrorBody {
        ControlErrorBody(code: ControlErrorCode.badArguments, message: message)
    }
}
