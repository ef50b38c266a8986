import Control
import Testing
@testable import Daemon

/// The PMS directory import: all rows or none, every bad row reported with its line (R3, S2, S3).
@Suite("Directory import")
struct DirectoryImportTests {
    static let header = "client_id,first_name,last_name,phones,email,app_installed,app_signed_in,app_version,chat_disabled"

    static let good = """
        \(header)
        C-100,Sarah,Connor,(312) 555-2001;312.555.2002,sarah@example.com,true,true,3.4.0,false
        C-101,John,Connor,+1 312 555 2003,,false,false,,false
        C-102,Kyle,Reese,312-555-2004,kyle@example.com,yes,yes,2.9,no
        C-103,"Connor, Jr.",connor,3125552005,,1,1,3.1,1
        C-104,Miles,Dyson,,miles@example.com,,,,
        """

    @Test("Any bad row: nothing is imported and every bad row is listed with its line")
    func badRows() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let csv = """
            \(Self.header)
            C-100,Sarah,Connor,(312) 555-2001,sarah@example.com,true,true,3.4.0,false
            C-101,John,Connor,312-555-01,,false,false,,false
            ,Kyle,Reese,312-555-2004,,false,false,,false

            C-103,Ann,Connor,876-555-2005;312-555-2006,not-an-email,maybe,true,3.x,false
            C-100,Sarah,Again,312-555-2001,,false,false,,false
            C-105,"Multi
            Line",Connor,312-555-2007,,,,,
            C-106,Too,Few,312-555-2008
            """
        let refusal = await harness.refusal(DirectoryImportCommand(practice: practice.id, csv: csv))
        #expect(refusal.code == "directory.invalid_rows")
        #expect(refusal.message.contains("nothing was imported"))
        let details = try #require(refusal.details)
        #expect(details.map(\.line) == [3, 4, 6, 7, 10])
        #expect(details[0].message.contains("phone 1 of 1"))
        #expect(!details[0].message.contains("312-555-01"))  // error messages never repeat the digits typed
        #expect(details[1].message.contains("client_id is missing"))
        #expect(details[2].message.contains("phone 1 of 2") && details[2].message.contains("Jamaica"))
        #expect(details[2].message.contains("email") && details[2].message.contains("app_installed")
            && details[2].message.contains("app_version"))
        #expect(details[3].message.contains("already on line 2"))
        #expect(details[4].message.contains("4 fields"))
        // Nothing was imported, not even the good rows.
        #expect(try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "Connor")).clients.isEmpty)
    }

    @Test("S2, S3: imported clients are found by last name with app chat availability in words")
    func importAndSearch() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let dryRun = try await harness.call(DirectoryImportCommand(practice: practice.id, csv: Self.good, dryRun: true))
        #expect(dryRun.valid == 5 && dryRun.imported == 0)
        #expect(try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "Connor")).clients.isEmpty)

        let result = try await harness.call(DirectoryImportCommand(practice: practice.id, csv: Self.good))
        #expect(result.imported == 5)
        let connors = try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "CONNOR")).clients
        #expect(connors.map(\.firstName) == ["Connor, Jr.", "John", "Sarah"])
        let sarah = try #require(connors.last)
        #expect(sarah.externalId == "C-100")
        #expect(sarah.source == "pms")
        #expect(sarah.phones.map(\.number) == ["+13125552001", "+13125552002"])
        #expect(sarah.chat == ChatInfo(available: true, reasonCode: nil, reason: nil))
        #expect(connors[1].chat.reasonCode == "notInstalledOrSignedIn")
        #expect(connors[1].chat.reason == "The client has not downloaded or signed in to your mobile app")
        #expect(connors[0].chat.reasonCode == "chatDisabled")
        let kyle = try #require(try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "reese")).clients.first)
        #expect(kyle.chat.reason == "The client needs to update their app to the latest version")
        // S3: a client without a number is not a text recipient.
        #expect(try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "Dyson")).clients.isEmpty)

        // Importing again updates by client_id instead of adding.
        let renamed = Self.good.replacingOccurrences(of: "C-101,John", with: "C-101,Johnny")
        #expect(try await harness.call(DirectoryImportCommand(practice: practice.id, csv: renamed)).imported == 5)
        let again = try await harness.call(ClientsSearchCommand(practice: practice.id, lastName: "connor")).clients
        #expect(again.map(\.firstName) == ["Connor, Jr.", "Johnny", "Sarah"])
        #expect(again.map(\.id) == connors.map(\.id))

        // R3: an imported number is known by its PMS name when it texts: no profile questions.
        let text = try await harness.call(SandboxTextCommand(practice: practice.id, from: "+13125552002", body: "Hi"))
        #expect(text.replies.isEmpty)
        let shown = try await harness.call(ConversationShowCommand(practice: practice.id, conversation: try #require(text.conversation)))
        #expect(shown.conversation.clientName == "Sarah Connor")
        // S2: app chat first for a client who can chat in the app.
        let app = try await harness.call(ConversationStartCommand(
            practice: practice.id, staff: "Bob", to: "312-555-2001", title: "Refill", message: "Your refill is ready."))
        #expect(app.channel == "app" && app.channelLabel == "Sent from App")
        // The A5 flag is not set for an email the directory holds.
        let kyleProfile = try await harness.call(ProfileShowCommand(practice: practice.id, phone: "312-555-2004"))
        #expect(kyleProfile.profile?.emailMissingFromPMS == false)
    }

    @Test("A file sent in parts on one connection is imported as one")
    func stagedParts() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let cut = Self.good.index(Self.good.startIndex, offsetBy: 130)
        let part = try await harness.call(DirectoryImportCommand(practice: practice.id, csv: String(Self.good[..<cut]), more: true))
        #expect(part.stagedBytes == 130 && part.imported == 0)
        let last = try await harness.call(DirectoryImportCommand(practice: practice.id, csv: String(Self.good[cut...])))
        #expect(last.imported == 5 && last.stagedBytes == 0)
    }

    @Test("A missing required column is reported on line 1")
    func missingColumn() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.addPractice()
        let refusal = await harness.refusal(DirectoryImportCommand(practice: practice.id, csv: "client_id,first_name\nC-1,Ann\n"))
        #expect(refusal.details?.map(\.line) == [1])
        #expect(refusal.details?.first?.message.contains("last_name, phones") == true)
    }

    @Test("CSV: quotes, escaped quotes, CRLF, a byte-order mark and blank lines")
    func csvSyntax() throws {
        let records = try DirectoryCSV.parse("\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\r\n\r\nlast,\n")
        #expect(records == [
            DirectoryCSV.Record(line: 1, fields: ["a", "b"]),
            DirectoryCSV.Record(line: 2, fields: ["x, \"y\"", "line\nbreak"]),
            DirectoryCSV.Record(line: 5, fields: ["last", ""]),
        ])
        #expect(throws: DirectoryCSVErrors.self) { try DirectoryCSV.parse("a,\"open\n") }
    }
}
