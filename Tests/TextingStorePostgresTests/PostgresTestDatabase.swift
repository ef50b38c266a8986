// The PostgreSQL tests' fresh databases: `PostgresTestDatabase.withFreshStore { store in ... }`
// (and `withFresh { database in ... }` for several stores on one database) come from the test
// support target, shared with the store conformance suite; re-exported so every file of this
// target has them without an import.
@_exported import PostgresTestSupport
