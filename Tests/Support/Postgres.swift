import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the tests use, named by `PACTWATCH_TEST_POSTGRES`
/// (`scripts/test-postgres.sh start` starts a throwaway one and prints the variable).
public enum TestPostgres {
    /// The server's address, with a user allowed to create databases.
    public static let url: String? = ProcessInfo.processInfo.environment["PACTWATCH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// CI must run the PostgreSQL tests: there a missing server fails them instead of skipping.
    public static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the PostgreSQL variants of the tests run.
    public static let enabled = url != nil || required

    /// Why they were skipped, and how to run them.
    public static let howToRun = """
        PostgreSQL tests skipped: PACTWATCH_TEST_POSTGRES names no server. Run them with \
        `eval "$(scripts/test-postgres.sh start)" && swift test` (needs Debian's postgresql package).
        """

    /// A new, empty database on the test server; returns its address.
    public static func freshDatabase() async throws -> String {
        let name = "pactwatch_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await administer("CREATE DATABASE \(name)")
        var components = URLComponents(string: url!)!
        components.path = "/" + name
        return components.string!
    }

    /// Runs statements as the test server's administrator (outside a transaction, as
    /// CREATE DATABASE needs).
    public static func administer(_ statements: String...) async throws {
        guard let url, let components = URLComponents(string: url) else {
            throw CocoaError(
                .featureUnsupported,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "CI=true but PACTWATCH_TEST_POSTGRES names no PostgreSQL server; .ci/run starts one with scripts/test-postgres.sh"
                ])
        }
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let logger = Logger(label: "pactwatch.tests")
        let connection = try await PostgresConnection.connect(
            on: PostgresClient.defaultEventLoopGroup.next(), configuration: configuration, id: 1, logger: logger
        ).get()
        do {
            for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
