import Control
import Daemon
import Foundation
import Testing

@Suite("Control: staff account commands (W1, W4)")
struct StaffAccountCommandTests {
    static let password = "a long enough password"

    @Test("W1: staff add, list, disable and reset-password over the control protocol; no answer holds a password")
    func commands() async throws {
        let harness = try await ControlHarness()
        let maple = try await harness.addPractice(name: "Maple Vet")
        let birch = try await harness.addPractice(name: "Birch Vet")
        let alice = try await harness.call(StaffAddCommand(
            practice: maple.id, login: "Alice", name: "Dr. Alice", role: "admin", password: Self.password))
        #expect(alice.login == "alice" && alice.role == "admin" && alice.practice == maple.id && !alice.disabled)
        let bob = try await harness.call(StaffAddCommand(
            practice: birch.id, login: "bob", name: "Bob", role: "STAFF", password: Self.password))
        #expect(bob.role == "staff")

        #expect(try await harness.call(StaffListCommand(practice: maple.id)).accounts == [alice])
        #expect(try await harness.call(StaffListCommand(practice: nil)).accounts.map(\.login) == ["alice", "bob"])

        let disabled = try await harness.call(StaffDisableCommand(account: "bob"))
        #expect(disabled.disabled)
        #expect(try await harness.call(StaffEnableCommand(account: "\(bob.id)")).disabled == false)
        let reset = try await harness.call(StaffResetPasswordCommand(account: "\(alice.id)", password: "another long password"))
        #expect(reset.id == alice.id)

        let line = try ControlProtocol.makeEncoder().encode(ControlRequest(id: 99, StaffListCommand(practice: nil)))
        let answer = String(decoding: await harness.handler.respond(to: line, connection: harness.connection), as: UTF8.self)
        #expect(!answer.contains("password") && !answer.contains("$2b$"))
    }

    @Test("W1: bad logins, roles, short passwords, taken logins and unknown accounts are refused with their codes")
    func refusals() async throws {
        let harness = try await ControlHarness()
        let maple = try await harness.addPractice()
        _ = try await harness.call(StaffAddCommand(practice: maple.id, login: "alice", name: "Alice", role: "admin",
                                                   password: Self.password))
        let cases: [(StaffAddCommand, String)] = [
            (StaffAddCommand(practice: maple.id, login: "a b", name: "X", role: "staff", password: Self.password),
             "account.invalid_login"),
            (StaffAddCommand(practice: maple.id, login: "xavier", name: "X", role: "owner", password: Self.password),
             "account.invalid_role"),
            (StaffAddCommand(practice: maple.id, login: "xavier", name: "X", role: "staff", password: "short"),
             "account.weak_password"),
            (StaffAddCommand(practice: maple.id, login: "ALICE", name: "X", role: "staff", password: Self.password),
             "account.login_taken"),
            (StaffAddCommand(practice: 999, login: "xavier", name: "X", role: "staff", password: Self.password),
             "practice.not_found"),
        ]
        for (command, code) in cases {
            #expect(await harness.refusal(command).code == code)
        }
        #expect(await harness.refusal(StaffDisableCommand(account: "nobody")).code == "account.not_found")
        #expect(await harness.refusal(StaffResetPasswordCommand(account: "4242", password: Self.password)).code
            == "account.not_found")
        #expect(Set(ControlHandler.commandNames).isSuperset(of: ["staff.add", "staff.list", "staff.disable", "staff.reset-password"]))
    }
}
