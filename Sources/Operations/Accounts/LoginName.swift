import TextingCore

/// The rules of a login name (W1): unique across the daemon ignoring case, 3 to 64 characters
/// of lower-case letters, digits and `. _ - @`, with at least one letter (so an all-digit
/// string always means an account id).
enum LoginName {
    static let allowedPunctuation: Set<Character> = [".", "_", "-", "@"]

    /// The form logins are compared and stored in: trimmed and in lower case.
    static func normalized(_ login: String) -> String {
        String(login.trimmingCharacters(in: .whitespaces).lowercased().prefix(200))
    }

    static func isValid(_ login: String) -> Bool {
        (3...64).contains(login.count)
            && login.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || allowedPunctuation.contains($0) }
            && login.contains { $0.isASCII && $0.isLetter }
    }

    /// The normalized login, or `account.invalid_login`.
    static func checked(_ login: String) throws -> String {
        let normalized = normalized(login)
        guard isValid(normalized) else {
            throw TextingError(.init("account.invalid_login"),
                               "A login name has 3 to 64 characters: letters, digits and . _ - @, with at least one letter.")
        }
        return normalized
    }
}

/// The rules of a password: at least 10 characters, at most 72 bytes (all bcrypt reads), no
/// NUL character.
enum Password {
    static let minCharacters = 10
    static let maxBytes = 72

    static func check(_ password: String) throws {
        guard password.count >= minCharacters else {
            throw TextingError(.init("account.weak_password"), "A password needs at least \(minCharacters) characters.")
        }
        guard Accounts.isCheckable(password) else {
            throw TextingError(.init("account.invalid_password"),
                               "A password can be at most \(maxBytes) bytes long and cannot contain a NUL character.")
        }
    }
}
