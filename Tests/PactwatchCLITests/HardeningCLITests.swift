import Foundation
import PactwatchFixtures
import Testing

@Suite("Commands that only read never write, and work where nothing can be written")
struct ReadOnlyCLITests {
    static let sqlite = URL(fileURLWithPath: "/usr/bin/sqlite3")
    static let hasSQLite = FileManager.default.isExecutableFile(atPath: sqlite.path)

    @Test(
        "status, verify and export refuse another application's SQLite file and leave it byte for byte",
        .enabled(if: hasSQLite, "needs Debian's sqlite3 to make the file"),
        arguments: [["status"], ["verify"], ["export", "OUT"], ["import", validFixture]])
    func foreignFile(_ command: [String]) async throws {
        let folder = try scratch()
        let db = folder.appendingPathComponent("app.sqlite").path
        #expect(
            try await CLI.run(executable: Self.sqlite, [db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);"])
                .status == 0
        )
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let out = folder.appendingPathComponent("out").path
        let r = try await CLI.run(command.map { $0 == "OUT" ? out : $0 } + ["--db", db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is not a Pactwatch database (it holds other tables: invoices); nothing was changed"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["app.sqlite"])
    }

    /// The valid fixture imported into a database on a tmpfs of its own.
    func importedOnMount() async throws -> (ScratchMount, String) {
        let mount = try #require(ScratchMount.make(kilobytes: 8192))
        let db = mount.folder.appendingPathComponent("record.sqlite").path
        #expect(try await CLI.run(["import", validFixture, "--db", db]).status == 0)
        return (mount, db)
    }

    @Test(
        "status, verify and export read a database on a read-only file system",
        .enabled(if: ScratchMount.available, Comment(rawValue: ScratchMount.whyUnavailable)))
    func readOnlyFileSystem() async throws {
        let (mount, db) = try await importedOnMount()
        defer { mount.unmount() }
        let expected = try await CLI.run(["status", "--json", "--db", db, "--as-of", "2023-06-30"]).stdout
        #expect(mount.remountReadOnly())
        let status = try await CLI.run(["status", "--json", "--db", db, "--as-of", "2023-06-30"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout == expected)
        let verify = try await CLI.run(["verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("Ledger intact: 6 events"))
        let out = try scratch().appendingPathComponent("export")
        let export = try await CLI.run(["export", out.path, "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("events.csv").path))
    }

    @Test(
        "status reads a database on a full disk",
        .enabled(if: ScratchMount.available, Comment(rawValue: ScratchMount.whyUnavailable)))
    func fullDisk() async throws {
        let (mount, db) = try await importedOnMount()
        defer { mount.unmount() }
        mount.fill()
        let status = try await CLI.run(["status", "--db", db])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Obligations"))
    }

    @Test(
        "export into a full disk fails with a message and leaves no half-written folder",
        .enabled(if: ScratchMount.available, Comment(rawValue: ScratchMount.whyUnavailable)))
    func exportIntoFullDisk() async throws {
        let db = try scratch().appendingPathComponent("u.sqlite").path
        #expect(try await CLI.run(["import", "--bundled", "union-state", "--db", db]).status == 0)
        let mount = try #require(ScratchMount.make(kilobytes: 48))
        defer { mount.unmount() }
        let out = mount.folder.appendingPathComponent("union-state")
        let r = try await CLI.run(["export", out.path, "--db", db])
        #expect(r.status != 0)
        #expect(r.stderr.lowercased().contains("space"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.folder.path) == [])
    }

    @Test("verify names a value an older build stored that input may no longer hold, and exits 1", .enabled(if: hasSQLite, "needs Debian's sqlite3"))
    func olderValues() async throws {
        let db = try scratch().appendingPathComponent("v.sqlite").path
        #expect(try await CLI.run(["import", validFixture, "--db", db]).status == 0)
        #expect(try await CLI.run(executable: Self.sqlite, [db, "UPDATE commitments SET weight = '1e-05' WHERE id = 'gas'"]).status == 0)
        let status = try await CLI.run(["status", "--db", db])
        #expect(status.status == 0, "the record must stay readable: \(status.stderr)")
        let r = try await CLI.run(["verify", "--db", db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("database (commitments.csv):weight: commitment \"gas\": weight 0.00001 is out of range"))
        #expect(r.stderr.contains("1 stored value would be refused on import today"))
    }
}
