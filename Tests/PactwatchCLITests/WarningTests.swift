import Foundation
import PactwatchData
import PactwatchFixtures
import Testing

/// The fixture with its second source (sources.csv line 3) stripped of title, publisher and date.
func uncitableSource() throws -> URL {
    let folder = try Fixtures.copy()
    try Fixtures.edit(
        folder, "sources.csv", "s2,http://example.org/news?id=1,News,Example,2022-08,media,ru,", "s2,http://example.org/news?id=1,,,,media,ru,")
    return folder
}

@Suite("Warnings: accepted, but said")
struct WarningTests {
    @Test("a source without title, publisher or date is one warning per missing field, at its line and column")
    func located() async throws {
        let located = DatasetFolder.read(try uncitableSource())
        #expect(Validator.problems(in: located).isEmpty && located.problems.isEmpty)
        #expect(
            Validator.warnings(in: located).map(\.description).map { $0.components(separatedBy: ";")[0] } == [
                "sources.csv:3:title: warning: source \"s2\" has no title",
                "sources.csv:3:publisher: warning: source \"s2\" has no publisher",
                "sources.csv:3:published: warning: source \"s2\" has no published",
            ])
        #expect(Validator.warnings(in: DatasetFolder.read(try Fixtures.copy())).isEmpty)
    }

    @Test("check and import print the warnings on stderr and still succeed")
    func commands() async throws {
        let folder = try uncitableSource()
        let check = try await CLI.run(["check", folder.path])
        #expect(check.status == 0)
        #expect(check.stdout.contains("valid (3 warnings on stderr)"))
        #expect(check.stderr.contains("sources.csv:3:publisher: warning: source \"s2\" has no publisher"))
        let db = try scratch().appendingPathComponent("w.sqlite").path
        let imported = try await CLI.run(["import", folder.path, "--db", db])
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("sources.csv:3:title: warning:"))
        #expect(imported.stdout.contains("6 events"))
        // A clean folder warns about nothing.
        #expect(try await CLI.run(["check", validFixture]).stderr.isEmpty)
    }
}
