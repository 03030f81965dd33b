import Foundation
import Testing

@Suite("pactwatch user, audit and backup")
struct UserCommandTests {
    @Test("user add refuses weak passwords, bad names and a taken name, each changing nothing; list, role and disable work and are audited")
    func users() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("p.sqlite").path
        try await CLI.run(["import", validFixture, "--db", db])
        let good = "Tide-Pool-Lantern-42\n"
        for (name, password, message) in [
            ("anna", "short\n", "expected at least 12"), ("anna", "qwerty123456\n", "common password"), ("anna", "anna-rides-a-bike\n", "user name"),
            ("an na", good, "is not valid"), ("anna", "", "stdin held no line"),
        ] {
            let r = try await CLI.run(["user", "add", name, "--role", "editor", "--password-stdin", "--db", db], input: password)
            #expect(r.status == 1 && r.stderr.contains(message), "\(name) \(password): \(r.stderr)")
        }
        // Without --password-stdin and no terminal it says how to pass one.
        let noTerminal = try await CLI.run(["user", "add", "anna", "--role", "editor", "--db", db])
        #expect(noTerminal.status == 1 && noTerminal.stderr.contains("--password-stdin"))
        #expect(try await CLI.run(["user", "list", "--db", db]).stdout.contains("No users yet"))
        #expect(try await CLI.run(["user", "add", "anna", "--role", "reviewer", "--password-stdin", "--db", db], input: good).status == 0)
        let taken = try await CLI.run(["user", "add", "anna", "--role", "editor", "--password-stdin", "--db", db], input: good)
        #expect(taken.status == 1 && taken.stderr.contains("already exists"))
        #expect(try await CLI.run(["user", "role", "anna", "admin", "--db", db]).stdout.contains("anna is now an admin"))
        #expect(try await CLI.run(["user", "password", "anna", "--password-stdin", "--db", db], input: "Glass-Orchard-Comet-7\n").status == 0)
        #expect(try await CLI.run(["user", "disable", "anna", "--db", db]).status == 0)
        let missing = try await CLI.run(["user", "disable", "nobody", "--db", db])
        #expect(missing.status == 1 && missing.stderr.contains("no user is called nobody"))
        let list = try await CLI.run(["user", "list", "--db", db]).stdout
        #expect(list.contains("anna") && list.contains("admin") && list.contains("disabled"))
        // Every change, and nothing refused, is in the log; --csv has a header and one row each.
        let audit = try await CLI.run(["audit", "--csv", "--db", db]).stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(audit.first == "time,user,address,action,detail")
        // The import that made the database comes first, by the system user.
        #expect(
            audit.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] } == [
                "imported", "user_added", "role_changed", "password_changed", "user_disabled",
            ])
        #expect(audit.dropFirst(2).allSatisfy { $0.contains(",anna,cli,") })
        #expect(try await CLI.run(["audit", "--since", "2999-01-01", "--db", db]).stdout.contains("No audit entries since 2999-01-01"))
        #expect(try await CLI.run(["audit", "--since", "2022-13-45", "--db", db]).status != 0)
    }

    @Test("backup copies a database a server is using, verifies the copy, and never overwrites a file")
    func backup() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("live.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        try await CLI.run(["user", "add", "anna", "--role", "editor", "--password-stdin", "--db", db], input: "Tide-Pool-Lantern-42\n")
        let server = try await Server.start(db: db)
        defer { _ = server.stop() }
        #expect(await Server.get(server.base + "/") != nil)
        let copy = dir.appendingPathComponent("copy.sqlite").path
        let r = try await CLI.run(["backup", copy, "--db", db])
        #expect(r.status == 0 && r.stdout.contains("135 events") && r.stdout.contains("1 user") && r.stdout.contains("verified"), "\(r.stderr)")
        // The copy is a database of its own: the same ledger, its users, readable by every command.
        let original = try await CLI.run(["verify", "--db", db]).stdout, copied = try await CLI.run(["verify", "--db", copy]).stdout
        #expect(original == copied && copied.hasPrefix("Ledger intact: 135 events"))
        #expect(try await CLI.run(["user", "list", "--db", copy]).stdout.contains("anna"))
        let again = try await CLI.run(["backup", copy, "--db", db])
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        let postgres = try await CLI.run(["backup", copy + "2", "--db", "postgres://u@127.0.0.1:1/x"])
        #expect(postgres.status == 1 && postgres.stderr.contains("pg_dump"))
    }
}

@Suite("Editors in a real browser")
struct EditorBrowserTests {
    @Test(
        "an editor proposes an event with a new source and signs out; a reviewer approves it; the public page, the API, verify and the audit log show it",
        Tools.needs(
            commands: ["chromium", "chromedriver"], python: ["selenium"],
            install: "apt-get install chromium chromium-driver; python3 -m pip install selenium"))
    func editorFlow() async throws {
        let dir = try scratch()
        let db = dir.appendingPathComponent("editors.sqlite").path
        try await CLI.run(["import", "--bundled", "union-state", "--db", db])
        for (name, role, password) in [("edna", "editor", "Tide-Pool-Lantern-42"), ("rita", "reviewer", "Glass-Orchard-Comet-7")] {
            let r = try await CLI.run(["user", "add", name, "--role", role, "--password-stdin", "--db", db], input: password + "\n")
            #expect(r.status == 0, "\(r.stderr)")
        }
        let server = try await Server.start(db: db, options: ["--insecure-cookie"])
        defer { _ = server.stop() }
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-screenshots")
        let script = CLI.root.appendingPathComponent("Tests/browser/editor_flow.py").path
        let r = try await CLI.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", script, server.base, shots.path, "edna:Tide-Pool-Lantern-42", "rita:Glass-Orchard-Comet-7",
                "programme-22-procurement-agreement", "BY",
            ])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let event = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(event.hasPrefix("e-browser-"))
        // The chain holds the new event, and every step is in the audit log, by whom.
        let verify = try await CLI.run(["verify", "--db", db])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("Ledger intact: 136 events"), "\(verify.stdout)\(verify.stderr)")
        let audit = try await CLI.run(["audit", "--db", db]).stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        let steps = audit.filter { $0.count >= 4 && $0[2] != "cli" }.map { "\($0[1]) \($0[3])" }
        #expect(steps == ["edna sign_in", "edna proposal_submitted", "edna sign_out", "rita sign_in", "rita proposal_approved"], "\(steps)")
    }
}
