import Routing
import TextingCore

/// The one place that decides which practice a caller acts on (W2).
extension Operations {
    /// The practice `caller` may act on when asking for `requested`.
    ///
    /// - The system administrator acts on any practice: the one named, or, when none is named,
    ///   the only one the daemon serves.
    /// - An account acts on its own practice only: none named means its own; any other id is
    ///   answered exactly like a practice that does not exist (W2).
    ///
    /// - Throws: `practice.not_found`; for the system administrator also `practice.none` and
    ///   `practice.required`.
    public func practiceID(for caller: Caller, _ requested: Int64?) async throws -> PracticeID {
        switch caller {
        case .account(let identity):
            guard let requested, requested != identity.practice.rawValue else {
                return try await router.practice(identity.practice).id
            }
            throw TextingError.practiceNotFound(PracticeID(rawValue: requested))
        case .systemAdministrator:
            return try await onlyOrNamedPractice(requested)
        }
    }

    /// The practices `caller` may see: all of them for the system administrator, its own for an
    /// account.
    func visiblePractices(for caller: Caller) async throws -> [Practice] {
        switch caller {
        case .account(let identity): [try await router.practice(identity.practice)]
        case .systemAdministrator: await router.allPractices()
        }
    }

    private func onlyOrNamedPractice(_ requested: Int64?) async throws -> PracticeID {
        if let requested {
            return try await router.practice(PracticeID(requested)).id
        }
        let practices = await router.allPractices()
        switch practices.count {
        case 0:
            throw TextingError(.init("practice.none"), "There is no practice yet; add one first (practice add).")
        case 1:
            return practices[0].id
        default:
            let names = practices.prefix(5).map { "\($0.id) \($0.name)" }.joined(separator: ", ")
            throw TextingError(.init("practice.required"),
                               "This daemon serves \(practices.count) practices (\(names)\(practices.count > 5 ? ", …" : "")); "
                                   + "name one with --practice ID.")
        }
    }
}
