import Testing
import TextingCore
import TextingStorePostgres

@Suite("PostgreSQL connection URL (M1)")
struct PostgresConfigurationTests {
    @Test("a URL with a password is accepted and logged with the password masked")
    func masksPassword() throws {
        let configuration = try PostgresStore.Configuration(url: "postgres://twowayd:s3cret@db.example:6543/texting")
        #expect(!configuration.description.contains("s3cret"))
        #expect(configuration.description.contains("db.example:6543/texting"))
    }

    @Test("a Unix socket directory in ?host= is accepted, as libpq reads it")
    func socketDirectory() throws {
        let configuration = try PostgresStore.Configuration(url: "postgresql://twowayd@/texting?host=/run/postgresql")
        #expect(configuration.description.hasPrefix("postgresql://twowayd@"))
    }

    @Test("other schemes, a missing host and unknown sslmode values are refused with a clear code",
          arguments: ["mysql://u@h/db", "postgres:///db", "postgres://u@h/db?sslmode=sometimes", "not a url"])
    func refused(url: String) {
        #expect(throws: TextingError.self) { try PostgresStore.Configuration(url: url) }
        do {
            _ = try PostgresStore.Configuration(url: url)
        } catch {
            #expect(error.code.rawValue == "store.postgres_url")
        }
    }
}
