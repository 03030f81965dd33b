import Foundation
import PactwatchData
import PactwatchFixtures
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the real `pactwatch` binary, built beside this test bundle.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent(), root.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent("pactwatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/pactwatch")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @discardableResult
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil
    ) async throws
        -> Result
    {
        try await run(executable: binary, arguments, environment: environment, in: directory, input: input)
    }

    /// A child process, waited for on a thread of its own: a test that waits for a child (an
    /// import, the site, the browser) must not hold one of the few threads every async test
    /// shares (on a 2-core machine two such waits would stall the servers other tests talk to).
    @discardableResult
    static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Swift.Result { try runBlocking(executable: executable, arguments, environment: environment, in: directory, input: input) })
            }.start()
        }
    }

    /// `input`, when given, is the child's whole stdin (else it reads an empty one).
    private static func runBlocking(
        executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PACTWATCH_DATABASE")
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data((input ?? "").utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let validFixture = CLI.root.appendingPathComponent("Tests/Fixtures/valid").path

@Suite("The pactwatch command line")
struct CLITests {
    @Test("every command the binary registers has help with an example")
    func help() async throws {
        // The commands as `pactwatch --help` lists them: a new one is checked without editing this test.
        let top = try await CLI.run(["--help"]).stdout
        let listed = top.components(separatedBy: "SUBCOMMANDS:").last!.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return name == "See" ? nil : String(name)
        }
        #expect(listed.count >= 8 && listed.contains("serve") && listed.contains("site"), "\(listed)")
        for command in listed {
            let r = try await CLI.run([command, "--help"])
            #expect(r.status == 0, "\(command)")
            #expect(r.stdout.contains("Example"), "\(command) --help has no example")
            #expect(r.stdout.contains("USAGE: pactwatch \(command)"))
        }
    }

    @Test("check exits 0 on a valid folder and 1 with every problem on stderr")
    func check() async throws {
        let ok = try await CLI.run(["check", validFixture])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("valid — 3 parties, 3 instruments, 3 commitments, 1 acts, 6 events, 2 claims, 2 sources"))
        let bad = try scratch().appendingPathComponent("bad")
        try FileManager.default.copyItem(atPath: validFixture, toPath: bad.path)
        let events = bad.appendingPathComponent("events.csv")
        try String(contentsOf: events, encoding: .utf8).replacingOccurrences(of: "in_preparation", with: "drafted")
            .replacingOccurrences(of: "e3,2022-09-01", with: "e3,2022-02-30").write(to: events, atomically: true, encoding: .utf8)
        let refused = try await CLI.run(["check", bad.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("events.csv:2:stage: unknown stage \"drafted\""))
        #expect(refused.stderr.contains("events.csv:5:date: impossible date \"2022-02-30\""))
        #expect(refused.stderr.contains("2 problems; nothing was changed"))
    }

    @Test("import, status --json, export, re-import: the same figures, the JSON shape DESIGN.md promises")
    func importStatusExport() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("a.sqlite").path
        let importer = "data.desk"
        let imported = try await CLI.run(["import", "--bundled", "union-state", "--db", db, "--as", importer])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported into"))
        let again = try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        #expect(again.stdout.contains("Nothing new"))

        let status = try await CLI.run(["status", "--db", db, "--as-of", "2024-06-30", "--json"])
        #expect(status.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        for key in [
            "as_of", "obligations", "by_stage", "progress", "implemented", "due", "deficit", "long_overdue",
            "stalled", "velocity", "asymmetry", "forecast", "parties", "instruments",
        ] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["as_of"] as? String == "2024-06-30")
        #expect((json["by_stage"] as? [String: Int])?.count == 6)
        let parties = try #require(json["parties"] as? [String: [String: Any]])
        #expect(Set(parties.keys) == ["RU", "BY"])
        let instruments = try #require(json["instruments"] as? [String: [String: Any]])
        #expect(instruments.count == 34)
        // An unidentified programme slot has no commitments: no data, never 0.
        #expect(instruments["programme-unidentified-27"]?["progress"] is NSNull)
        #expect(instruments["programme-unidentified-27"]?["obligations"] as? Int == 0)

        let out = dir.appendingPathComponent("export")
        let exported = try await CLI.run(["export", out.path, "--db", db])
        #expect(exported.status == 0)
        for file in ["parties.csv", "sources.csv", "instruments.csv", "commitments.csv", "acts.csv", "events.csv", "claims.csv", "datapackage.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        let header = try String(contentsOf: out.appendingPathComponent("events.csv"), encoding: .utf8).prefix { $0 != "\r\n" }
        #expect(header.hasSuffix(",recorded,recorded_by,approved_by,hash"))
        // Every row names who imported it: --as, else the system user.
        let partiesFile = try String(contentsOf: out.appendingPathComponent("parties.csv"), encoding: .utf8)
        #expect(
            partiesFile.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.allSatisfy { $0.contains(",\(importer),") },
            "\(partiesFile)")
        let db2 = dir.appendingPathComponent("b.sqlite").path
        #expect(try await CLI.run(["import", out.path, "--db", db2]).status == 0)
        for day in ["2021-12-31", "2024-06-30", "2026-11-29"] {
            let a = try await CLI.run(["status", "--db", db, "--as-of", day, "--json"]).stdout
            let b = try await CLI.run(["status", "--db", db2, "--as-of", day, "--json"]).stdout
            #expect(a == b)
        }
        #expect(try await CLI.run(["verify", "--db", db2]).status == 0)
    }

    @Test("the terminal summary prints the counts behind every percentage")
    func statusText() async throws {
        let db = try scratch().appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", validFixture, "--db", db])
        let r = try await CLI.run(["status", "--db", db, "--as-of", "2023-06-30"])
        #expect(r.status == 0)
        // As of 2023-06-30: gas×RU in preparation (e6 retracts e5), gas×BY in force, oil adopted,
        // union×UNION not started: Σw = 2 + 2 + 1 + 0.5 = 5.5; Σ w·weight = 0.5 + 2 + 0.75 + 0 = 3.25.
        // Due: gas×RU and gas×BY (2022-07-31); oil moved to 2024, union has no deadline.
        #expect(r.stdout.contains("Σ weight × stage weight 3.25 of Σ weight 5.5"))
        #expect(r.stdout.contains("1 of 4 obligations in force or applied"))
        #expect(r.stdout.contains("1 of 2 due obligations not implemented"))
        #expect(r.stdout.contains("Claims beside the evidence"))
    }

    @Test("bad options are refused with a message a user can act on")
    func badOptions() async throws {
        let db = try scratch().appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", validFixture, "--db", db])
        let date = try await CLI.run(["status", "--db", db, "--as-of", "2022-13-45"])
        #expect(date.status != 0)
        #expect(date.stderr.contains("impossible date \"2022-13-45\""))
        let party = try await CLI.run(["status", "--db", db, "--party", "XX"])
        #expect(party.status == 1)
        #expect(party.stderr.contains("unknown party \"XX\"; expected one of: RU, BY, UNION"))
        let instrument = try await CLI.run(["status", "--db", db, "--instrument", "nope"])
        #expect(instrument.status == 1)
        #expect(instrument.stderr.contains("unknown instrument \"nope\"; expected one of: treaty, decree, programme"))
        let missing = try await CLI.run(["status", "--db", db + ".missing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at"))
        #expect(!FileManager.default.fileExists(atPath: db + ".missing"))
        let bundled = try await CLI.run(["import", "--bundled", "nope", "--db", db])
        #expect(bundled.stderr.contains("unknown bundled dataset \"nope\"; expected one of: union-state"))
    }

    @Test("a refused import changes nothing")
    func refusedImport() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        let before = try await CLI.run(["export", dir.appendingPathComponent("before").path, "--db", db]).stdout
        let bad = dir.appendingPathComponent("bad")
        try FileManager.default.copyItem(atPath: validFixture, toPath: bad.path)
        let claims = bad.appendingPathComponent("claims.csv")
        try String(contentsOf: claims, encoding: .utf8).replacingOccurrences(of: ",8,28,s1", with: ",8,28,")
            .write(to: claims, atomically: true, encoding: .utf8)
        let refused = try await CLI.run(["import", bad.path, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("claims.csv:3:sources: missing required value"))
        #expect(refused.stderr.contains("import refused"))
        let after = try await CLI.run(["export", dir.appendingPathComponent("after").path, "--db", db]).stdout
        #expect(after.replacingOccurrences(of: "after", with: "before") == before)
        for file in ["events.csv", "commitments.csv", "parties.csv"] {
            #expect(
                FileManager.default.contents(atPath: dir.appendingPathComponent("before/\(file)").path)
                    == FileManager.default.contents(atPath: dir.appendingPathComponent("after/\(file)").path))
        }
    }

    @Test("verify fails, naming the event, once a stored event row is altered")
    func verify() async throws {
        let db = try scratch().appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", validFixture, "--db", db])
        let ok = try await CLI.run(["verify", "--db", db])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Ledger intact: 6 events"))
        let sqlite = URL(fileURLWithPath: "/usr/bin/sqlite3")
        try #require(FileManager.default.isExecutableFile(atPath: sqlite.path), "sqlite3 is needed to alter the file (apt-get install sqlite3)")
        let alter = try await CLI.run(
            executable: sqlite, [db, "DROP TRIGGER events_no_update; UPDATE events SET date = '2022-03-02' WHERE id = 'e1';"])
        #expect(alter.status == 0, "\(alter.stderr)")
        let broken = try await CLI.run(["verify", "--db", db])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("The ledger is broken at event e1 (position 1 of 6)"))
    }

    @Test("status --json answers from the stored figure tables exactly as from the record; verify --repair restores them")
    func storedFigureTables() async throws {
        let db = try scratch().appendingPathComponent("t.sqlite").path
        try await CLI.run(["import", validFixture, "--db", db])
        let sqlite = URL(fileURLWithPath: "/usr/bin/sqlite3")
        try #require(FileManager.default.isExecutableFile(atPath: sqlite.path), "sqlite3 is needed to alter the file (apt-get install sqlite3)")
        let days = ["2021-06-30", "2022-08-31", "2023-06-30", "2031-01-01"]
        func status(_ day: String) async throws -> String { try await CLI.run(["status", "--db", db, "--json", "--as-of", day]).stdout }
        var fromTables: [String] = []
        for day in days { fromTables.append(try await status(day)) }
        #expect(try await CLI.run(executable: sqlite, [db, "DELETE FROM figure_tables"]).status == 0)
        var fromRecord: [String] = []
        for day in days { fromRecord.append(try await status(day)) }
        #expect(fromTables == fromRecord)
        // Not an empty answer either: the fixture's four obligations, two of them due, in mid-2023.
        #expect(fromTables[2].contains("\n  \"obligations\": 4,") && fromTables[2].contains("\n  \"due\": 2,"))
        let missing = try await CLI.run(["verify", "--db", db])
        #expect(missing.status == 0)
        #expect(missing.stdout.contains("Figure tables: none stored"))
        let repaired = try await CLI.run(["verify", "--db", db, "--repair"])
        #expect(repaired.status == 0)
        #expect(repaired.stdout.contains("stored anew"))
        #expect(try await CLI.run(executable: sqlite, [db, "SELECT count(*) FROM figure_tables"]).stdout == "1\n")
        // Tables that are not the record's fail verify until repaired.
        let other = try scratch().appendingPathComponent("o.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", other])
        let swap = "ATTACH '\(other)' AS o; UPDATE figure_tables SET data = (SELECT data FROM o.figure_tables);"
        #expect(try await CLI.run(executable: sqlite, [db, swap]).status == 0)
        let differ = try await CLI.run(["verify", "--db", db])
        #expect(differ.status == 1)
        #expect(differ.stderr.contains("figure tables differ"))
        #expect(try await CLI.run(["verify", "--db", db, "--repair"]).status == 0)
        #expect(try await CLI.run(["status", "--db", db, "--json", "--as-of", days[2]]).stdout == fromRecord[2])
    }

    @Test("PACTWATCH_DATABASE names the database when --db is absent")
    func environment() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("env.sqlite").path
        let r = try await CLI.run(["import", validFixture], environment: ["PACTWATCH_DATABASE": db], in: dir)
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("pactwatch.sqlite").path))
        // Without either, ./pactwatch.sqlite in the working folder.
        #expect(try await CLI.run(["import", validFixture], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("pactwatch.sqlite").path))
    }

    @Test(
        "figures agree with an independent implementation of DESIGN.md on generated datasets and the bundled record",
        Tools.needs(python: ["scipy"], install: "python3 -m pip install scipy"))
    func crossCheck() async throws {
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let script = CLI.root.appendingPathComponent("Tests/crosscheck/crosscheck.py").path
        let bundled = CLI.root.appendingPathComponent("Sources/PactwatchData/Bundled/union-state").path
        let r = try await CLI.run(executable: python, ["python3", script, CLI.binary.path, "--seeds", "12", "--folder", bundled])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("figures agree") && r.stdout.contains("union-state"))
    }
}

/// `pactwatch serve` as a user starts it: a real process on a free loopback port.
struct Server {
    let process: Process
    let base: String
    let log: Pipe

    static func start(db: String, options: [String] = []) async throws -> Server {
        // Ask the kernel for a free port, then hand it to the server.
        let port = try freePort()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--db", db, "--port", String(port)] + options
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let base = "http://127.0.0.1:\(port)"
        // Up to 30 s: a debug build starting while the rest of the suite loads both cores.
        for _ in 0..<600 {
            if await get(base + "/static/pactwatch.css") != nil { return Server(process: process, base: base, log: log) }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "pactwatch serve did not start on \(base)"])
    }

    /// The body of a GET over real HTTP, or nil when nothing answers; waited for without holding a thread.
    static func get(_ url: String) async -> String? {
        await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
                let ok = (response as? HTTPURLResponse)?.statusCode == 200
                continuation.resume(returning: ok ? data.map { String(decoding: $0, as: UTF8.self) } : nil)
            }.resume()
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// SIGTERM, then the exit status and everything the server logged.
    func stop() -> (Int32, String) {
        process.terminate()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}

@Suite("pactwatch serve", .serialized)
struct ServeTests {
    @Test("on an empty database serve imports the bundled dataset, says so, and stops gracefully on SIGTERM")
    func firstStart() async throws {
        let db = try scratch().appendingPathComponent("new.sqlite").path
        let server = try await Server.start(db: db)
        #expect(await Server.get(server.base + "/")?.contains("Dashboard") == true)
        let (status, log) = server.stop()
        #expect(status == 0, "\(log)")
        #expect(log.contains("The database was empty: imported the bundled union-state dataset"))
        // The import is kept: a status on the same file sees the Union State.
        #expect(try await CLI.run(["status", "--db", db, "--json"]).stdout.contains("\"main-directions-2021-2023\""))
    }

    @Test(
        "chromium renders the dashboard, a commitment page and a chart; feedparser accepts every feed",
        Tools.needs(
            commands: ["chromium"], python: ["feedparser", "PIL"], install: "apt-get install chromium; python3 -m pip install feedparser pillow"))
    func browserAndFeeds() async throws {
        let env = URL(fileURLWithPath: "/usr/bin/env")
        let dir = try scratch()
        let server = try await Server.start(db: dir.appendingPathComponent("a.sqlite").path)
        defer { _ = server.stop() }
        let script = CLI.root.appendingPathComponent("Tests/browser/render_check.py").path
        let r = try await CLI.run(executable: env, ["python3", script, server.base, dir.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("browser renders and feeds: all good"))
    }

    @Test(
        "a real browser at 390 and 1280 px, en and ru: nothing scrolls sideways, the finding is above the fold, the claims chart shows",
        Tools.needs(
            commands: ["chromium", "chromedriver"], python: ["selenium"],
            install: "apt-get install chromium chromium-driver; python3 -m pip install selenium"))
    func browserLayout() async throws {
        let dir = try scratch()
        let server = try await Server.start(db: dir.appendingPathComponent("a.sqlite").path)
        defer { _ = server.stop() }
        // A folder a person can open after the run: the test prints it.
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-screenshots")
        let script = CLI.root.appendingPathComponent("Tests/browser/layout_check.py").path
        let r = try await CLI.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", script, server.base, shots.path])
        print(r.stdout)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("layout: 45 pages checked"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: shots.path).filter { $0.hasSuffix(".png") }.count >= 44)
    }
}

@Suite("API, open data and the static site", .serialized)
struct PublishingTests {
    let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Whether a Python tool is installed; in CI its absence is a failure, elsewhere a skip with the fix.
    func json(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test("API, HTML and CLI give the same figures for several scopes and dates")
    func sameFigures() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        try await CLI.run(["import", validFixture, "--db", db])
        let server = try await Server.start(db: db)
        defer { _ = server.stop() }
        for day in ["2022-08-31", "2023-06-30", "2026-02-26"] {
            for (flag, value) in [("", ""), ("party", "BY"), ("instrument", "main-directions-2021-2023"), ("instrument", "programme")] {
                let cliArgs = ["status", "--db", db, "--json", "--as-of", day] + (flag.isEmpty ? [] : ["--\(flag)", value])
                let cli = try json(try await CLI.run(cliArgs).stdout)
                let api = try json(
                    try #require(await Server.get("\(server.base)/api/v1/status?as_of=\(day)" + (flag.isEmpty ? "" : "&\(flag)=\(value)"))))
                #expect(cli == api, "status differs for \(day) \(flag)=\(value)")
            }
            // The dashboard's party table, as its own JSON download.
            let cli = try json(try await CLI.run(["status", "--db", db, "--json", "--as-of", day]).stdout)
            let table = try json(try #require(await Server.get("\(server.base)/?as_of=\(day)&table=parties&format=json")))
            let parties = try #require(cli["parties"] as? NSDictionary)
            for case let row as NSDictionary in try #require(table["rows"] as? NSArray) {
                let figures = try #require(parties[row["party"] as! String] as? NSDictionary)
                for key in ["obligations", "progress", "implemented", "due", "deficit", "long_overdue", "stalled"] {
                    #expect(
                        NSArray(object: row[key] ?? NSNull()) == NSArray(object: figures[key] ?? NSNull()), "\(key) of \(row["party"]!) on \(day)")
                }
            }
        }
    }

    @Test(
        "the OpenAPI document validates and schemathesis finds no 5xx and no response breaking its schema",
        Tools.needs(commands: ["schemathesis", "openapi-spec-validator"], install: "python3 -m pip install schemathesis openapi-spec-validator"))
    func openAPI() async throws {
        let document = CLI.root.appendingPathComponent("Sources/PactwatchWeb/Static/openapi.json").path
        let valid = try await CLI.run(executable: env, ["openapi-spec-validator", document])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        let server = try await Server.start(db: try scratch().appendingPathComponent("a.sqlite").path)
        defer { _ = server.stop() }
        let run = try await CLI.run(
            executable: env,
            [
                "schemathesis", "run", server.base + "/api/v1/openapi.json", "--url", server.base,
                "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                "--max-examples", "25", "--seed", "1",
            ], environment: ["SCHEMATHESIS_HOOKS": ""])
        #expect(run.status == 0, "\(run.stdout.suffix(4000))\(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("No issues found"))
    }

    @Test(
        "an export and the served /data/ package pass frictionless validate",
        Tools.needs(commands: ["frictionless"], install: "python3 -m pip install frictionless"))
    func frictionless() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        try await CLI.run(["export", dir.appendingPathComponent("export").path, "--db", db])
        let exported = try await CLI.run(executable: env, ["frictionless", "validate", dir.appendingPathComponent("export/datapackage.json").path])
        #expect(exported.status == 0, "\(exported.stdout.suffix(3000))")
        let server = try await Server.start(db: db)
        defer { _ = server.stop() }
        let served = dir.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        for file in ["datapackage.json", "parties.csv", "sources.csv", "instruments.csv", "commitments.csv", "acts.csv", "events.csv", "claims.csv"] {
            try Data(try #require(await Server.get(server.base + "/data/" + file)).utf8).write(to: served.appendingPathComponent(file))
        }
        let check = try await CLI.run(executable: env, ["frictionless", "validate", served.appendingPathComponent("datapackage.json").path])
        #expect(check.status == 0, "\(check.stdout.suffix(3000))")
    }

    @Test("pactwatch site writes a site with no broken internal link, whose pages match the served ones")
    func staticSite() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("a.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        let out = dir.appendingPathComponent("site")
        let written = try await CLI.run(["site", out.path, "--db", db])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("wrote"))
        // Without its public address, the feeds' links cannot be absolute: said, not failed.
        #expect(written.stderr.contains("warning: no --base-url"))
        #expect(try await CLI.run(["site", dir.appendingPathComponent("other").path, "--db", db, "--base-url", "tracker.example"]).status != 0)
        // Every relative href and src of every page names a file of the site.
        var links = 0
        var broken: [String] = []
        let files = FileManager.default.enumerator(atPath: out.path)!.compactMap { $0 as? String }
        let pattern = try Regex(#"(?:href|src|srcset)="([^"]*)""#)
        for file in files where file.hasSuffix(".html") {
            let html = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            for match in html.matches(of: pattern) {
                let link = String(match.output[1].substring!).replacingOccurrences(of: "&amp;", with: "&")
                if link.contains(":") || link.hasPrefix("#") { continue }
                links += 1
                // A fragment must name an element of its page: a definition link lands on its definition.
                let parts = link.split(separator: "#", maxSplits: 1).map(String.init)
                let target = out.appendingPathComponent(file).deletingLastPathComponent().appendingPathComponent(parts[0]).standardizedFileURL
                if !FileManager.default.fileExists(atPath: target.path) {
                    broken.append("\(file) → \(link)")
                } else if parts.count == 2, !(try String(contentsOf: target, encoding: .utf8)).contains("id=\"\(parts[1])\"") {
                    broken.append("\(file) → \(link) (no such id)")
                }
            }
        }
        #expect(links > 1000)
        #expect(broken.isEmpty, "\(broken.prefix(10))")
        // The static pages show what the server shows (links aside).
        let server = try await Server.start(db: db)
        defer { _ = server.stop() }
        func main(_ html: String) -> String {
            let start = html.range(of: "<main>")!.upperBound, end = html.range(of: "</main>")!.lowerBound
            // Links differ by design, and so does the address a printed page names (the server's, the site's).
            return String(html[start..<end]).replacing(try! Regex(#" (?:href|src|srcset)="[^"]*""#), with: "")
                .replacing(try! Regex(#"<p class="print-only">[^<]*</p>"#), with: "")
                // The form comparing two days needs the server: a static page leaves it out.
                .replacing(try! Regex(#"<details class="compare">.*?</details>"#), with: "")
        }
        for (path, file) in [
            ("/", "index.html"), ("/instruments/programme-19", "instruments/programme-19/index.html"),
            ("/commitments/security-guarantees-treaty", "commitments/security-guarantees-treaty/index.html"),
            ("/parties/RU", "parties/RU/index.html"),
        ] {
            let served = try #require(await Server.get(server.base + path))
            let written = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            #expect(main(served) == main(written), "\(path) differs from \(file)")
        }
        // API snapshots equal the live API.
        let status = try String(contentsOf: out.appendingPathComponent("api/v1/status.json"), encoding: .utf8)
        #expect(try json(status) == (try json(try #require(await Server.get(server.base + "/api/v1/status")))))
    }
}

/// Where one shared record lives, for tests of several processes on it.
enum SharedDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var enabled: [SharedDatabase] { TestPostgres.enabled ? [.sqlite, .postgres] : [.sqlite] }
    var testDescription: String { rawValue }

    func fresh() async throws -> String {
        switch self {
        case .sqlite: try scratch().appendingPathComponent("shared.sqlite").path
        case .postgres: try await TestPostgres.freshDatabase()
        }
    }
}

@Suite("Several processes on one database", .serialized)
struct SharedDatabaseTests {
    /// The number of events a server publishes, read from its API.
    func eventCount(_ server: Server) async -> Int? {
        guard let body = await Server.get(server.base + "/api/v1/events?limit=1"),
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        else { return nil }
        return object["total"] as? Int
    }

    @Test("two servers on one database both serve a CLI import soon after its commit, without a restart", arguments: SharedDatabase.enabled)
    func twoServers(database: SharedDatabase) async throws {
        let db = try await database.fresh()
        // The first server finds the database empty and imports the bundled dataset; the second
        // finds it done.
        let a = try await Server.start(db: db)
        defer { _ = a.stop() }
        let b = try await Server.start(db: db)
        defer { _ = b.stop() }
        let bundledEvents = try #require(await eventCount(a))
        #expect(await eventCount(b) == bundledEvents)

        let imported = try await CLI.run(["import", validFixture, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let committed = Date()
        for server in [a, b] {
            while await eventCount(server) != bundledEvents + 6, Date().timeIntervalSince(committed) < 10 {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let elapsed = Date().timeIntervalSince(committed)
        #expect(await eventCount(a) == bundledEvents + 6)
        #expect(await eventCount(b) == bundledEvents + 6)
        // A liveness bound, not a speed claim: this suite loads both cores. How soon is measured
        // by bench/propagation.py (BENCHMARKS.md).
        #expect(elapsed < 10, "both servers served the import after \(elapsed) s")
        // And they agree on the figures.
        let statusA = await Server.get(a.base + "/api/v1/status?as_of=2023-06-30")
        let statusB = await Server.get(b.base + "/api/v1/status?as_of=2023-06-30")
        #expect(statusA != nil && statusA == statusB)
    }

    @Test("two import processes at once serialise: both land whole, the chain verifies", arguments: SharedDatabase.enabled)
    func concurrentImports(database: SharedDatabase) async throws {
        let db = try await database.fresh()
        let (first, second) = try Fixtures.splitGenerated(commitments: 400, seed: 5)
        // On PostgreSQL, connecting creates the schema, so the imports race on the data; on
        // SQLite they also race to create the file and its schema.
        #expect(try await CLI.run(["verify", "--db", db]).status == (database == .sqlite ? 1 : 0))
        let results = try [first, second].map { folder in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["import", folder.path, "--db", db]
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            return (process, err)
        }.map { process, err in
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        for (status, stderr) in results { #expect(status == 0, "\(stderr)") }
        let verify = try await CLI.run(["verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stderr)")
        let out = try scratch().appendingPathComponent("export")
        #expect(try await CLI.run(["export", out.path, "--db", db]).status == 0)
        let stored = try DatasetFolder.check(out).dataset.events.map(\.id)
        let idsA = Set(try DatasetFolder.check(first).dataset.events.map(\.id))
        let idsB = Set(try DatasetFolder.check(second).dataset.events.map(\.id))
        #expect(stored.count == idsA.count + idsB.count && Set(stored) == idsA.union(idsB))
        // One import's events, then the other's: never interleaved.
        let owners = stored.map { idsA.contains($0) }
        #expect(zip(owners, owners.dropFirst()).filter { $0 != $1 }.count == 1)
    }
}

/// Tools some tests need beyond Swift. A test whose tool is missing shows as skipped, saying
/// how to install it; in CI (`CI=true`) it runs anyway, and fails: CI must install its tools.
enum Tools {
    static func needs(commands: [String] = [], python modules: [String] = [], install: String) -> ConditionTrait {
        .enabled(
            if: ProcessInfo.processInfo.environment["CI"] == "true" || available(commands: commands, python: modules),
            "needs \((commands + modules).joined(separator: ", ")): \(install)")
    }

    static func available(commands: [String], python modules: [String]) -> Bool {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let found = commands.allSatisfy { command in path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(command)") } }
        guard found, !modules.isEmpty else { return found }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }
}
