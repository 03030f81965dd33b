import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PactwatchCore
import PactwatchData
import PactwatchFixtures
import PactwatchStore
import Testing

@testable import PactwatchWeb

/// One person's browser against the router: keeps the session cookie, reads each form's CSRF token.
struct Visitor {
    let client: any TestClientProtocol
    var cookie: String?
    var csrf: String?
    var cookieName = SessionCookie().name

    init(_ client: any TestClientProtocol) { self.client = client }

    /// Sends a request with the cookie, takes any new one, and remembers the page's CSRF token.
    @discardableResult
    mutating func send(
        _ method: HTTPRequest.Method, _ path: String, form: [String: String]? = nil, headers extra: HTTPFields = [:]
    ) async throws
        -> TestResponse
    {
        var headers = extra
        if let cookie { headers[.cookie] = "\(cookieName)=\(cookie)" }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { Route.encode($0.key) + "=" + Route.encode($0.value) }.joined(separator: "&"))
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for value in response.headers[values: .setCookie] where value.hasPrefix(cookieName + "=") {
            let v = value.dropFirst(cookieName.count + 1).prefix { $0 != ";" }
            cookie = value.contains("Expires=Thu, 01 Jan 1970") || value.contains("Max-Age=0") ? nil : String(v)
        }
        if let range = response.text.range(of: #"name="csrf" value=""#) {
            csrf = String(response.text[range.upperBound...].prefix { $0 != "\"" })
        }
        return response
    }

    mutating func get(_ path: String) async throws -> TestResponse { try await send(.get, path) }

    /// A POST of a form with the session's token (unless `csrf` says otherwise).
    mutating func post(_ path: String, _ form: [String: String] = [:], csrf token: String? = nil) async throws -> TestResponse {
        var form = form
        form["csrf"] = token ?? csrf ?? ""
        return try await send(.post, path, form: form)
    }

    mutating func signIn(_ name: String, _ password: String, next: String = "/editor") async throws -> TestResponse {
        try await get("/editor/sign-in")
        return try await post("/editor/sign-in", ["name": name, "password": password, "next": next])
    }
}

let editorPassword = "Tide-Pool-Lantern-42", reviewerPassword = "Glass-Orchard-Comet-7"

/// A site over the bundled record with an editor, a reviewer and an admin.
func editorSite() async throws -> (Site, SQLiteStore) {
    let (site, store) = try await makeSite([bundled()])
    let now = "2026-11-29T10:00:00Z"
    for (name, role, password) in [("edna", Role.editor, editorPassword), ("rita", .reviewer, reviewerPassword), ("ada", .admin, reviewerPassword)] {
        try await store.addUser(
            User(name: name, role: role, passwordHash: Passwords.hash(password), created: now, changed: now),
            audit: AuditEntry(time: now, user: name, address: "cli", action: .userAdded))
    }
    return (site, store)
}

/// A new proposal of `edna`'s holding one source and one event citing it; returns its page's path.
func proposeEvent(_ edna: inout Visitor, note: String = "Recorded through the editors' pages", id: String = "e-test-1") async throws -> String {
    try await edna.get("/editor")
    let created = try await edna.post("/editor/proposals")
    let path = String(created.headers[.location]!.split(separator: "?")[0])
    try await edna.get(path)
    let source = try await edna.post(
        path + "/add",
        [
            "table": "sources", "f.id": "src-test-1", "f.url": "https://example.org/decree", "f.title": "A decree", "f.publisher": "Gazette",
            "f.published": "2026-11-28", "f.kind": "official", "f.language": "en",
        ])
    #expect(source.status == .seeOther, "\(source.text)")
    let event = try await edna.post(
        path + "/add",
        [
            "table": "events", "f.id": id, "f.date": "2026-11-28", "f.commitment": "programme-22-procurement-agreement", "f.party": "BY",
            "f.stage": "in_force", "f.sources": "src-test-1", "f.note": note,
        ])
    #expect(event.status == .seeOther, "\(event.text)")
    return path
}

@Suite("Editors: sign-in, sessions, proposals and review")
struct EditorTests {
    @Test("an editor proposes an event with a new source; a reviewer approves it; it is public, chained and audited")
    func fourEyes() async throws {
        let (site, store) = try await editorSite()
        let commitment = try #require(try await site.cache.current().figures.snapshot.commitment("programme-22-procurement-agreement"))
        let before = try await site.cache.current().figures.figures(for: .commitment(commitment.id), asOf: Day(iso: "2026-11-29")!)
        try await Application(router: buildRouter(site)).test(.router) { client in
            var edna = Visitor(client), rita = Visitor(client)
            #expect(try await edna.signIn("edna", editorPassword).headers[.location] == "/editor")
            let path = try await proposeEvent(&edna)
            // Nothing is public before approval.
            #expect(try await client.execute(uri: "/api/v1/events?limit=1000", method: .get).text.contains("e-test-1") == false)
            #expect(try await edna.post(path + "/submit").status == .seeOther)
            #expect(try await edna.post("/editor/sign-out").headers[.location]?.hasPrefix("/editor/sign-in") == true)
            try await rita.signIn("rita", reviewerPassword)
            let queue = try await rita.get("/editor").text
            #expect(queue.contains("href=\"\(path)?lang=en\""))
            // The review shows what it adds and the figures it changes, from what to what.
            let review = try await rita.get(path).text
            #expect(review.contains("src-test-1") && review.contains("What it would change"))
            #expect(review.contains(">\(before.implementedCount!)</td><td class=\"num\" data-label=\"After\">\(before.implementedCount! + 1)</td>"))
            let approved = try await rita.post(path + "/approve")
            #expect(approved.headers[.location]?.contains("published=1") == true, "\(approved.text)")
            let page = try await client.execute(uri: "/commitments/programme-22-procurement-agreement", method: .get).text
            #expect(page.contains("src-test-1") || page.contains("Gazette"))
            // Who recorded it and who approved it, on the page and in the downloads.
            #expect(page.contains("Recorded by edna, approved by rita · 20"))
            let csv = try await client.execute(uri: "/commitments/programme-22-procurement-agreement?table=timeline-BY&format=csv", method: .get).text
            #expect(
                csv.hasPrefix("as_of,date,change,change_label,act,sources,sources_label,note,retracted_by,recorded_by,approved_by")
                    && csv.contains(",edna,rita"), "\(csv)")
            let source = try await client.execute(uri: "/sources/src-test-1", method: .get).text
            #expect(source.contains("Recorded by edna, approved by rita"))
            #expect(try await client.execute(uri: "/api/v1/events?limit=1000", method: .get).text.contains("\"id\":\"e-test-1\""))
        }
        #expect(try await store.verify().broken == nil)
        // Both names are part of the event's chained form; the events before keep their hashes.
        let stored = try await store.read()
        let event = try #require(stored.dataset.events.last)
        #expect(event.id == "e-test-1" && event.attribution == Attribution(recordedBy: "edna", approvedBy: "rita"))
        #expect(Ledger.canonicalForm(event).hasSuffix(",edna,rita\r\n"))
        // The events before name nobody: their form is the eleven columns it always was.
        #expect(stored.dataset.events.dropLast().allSatisfy { Ledger.canonicalForm($0) == CSV.line(Array(RecordCoding.row($0).values.prefix(11))) })
        let actions = try await store.audit(since: "2026-11-30").map { "\($0.user) \($0.action.rawValue)" }
        #expect(actions == ["edna sign_in", "edna proposal_submitted", "edna sign_out", "rita sign_in", "rita proposal_approved"])
        #expect(try await store.proposals().first?.state == .approved)
    }

    @Test("a proposal the record has moved past says why at approval and stays open; a rejection keeps its reason; a withdrawal ends it")
    func movedRecord() async throws {
        let (site, store) = try await editorSite()
        try await Application(router: buildRouter(site)).test(.router) { client in
            var edna = Visitor(client), rita = Visitor(client)
            try await edna.signIn("edna", editorPassword)
            // Two proposals recording the same new event id, differently.
            let first = try await proposeEvent(&edna)
            let second = try await proposeEvent(&edna, note: "another account of it")
            try await edna.post(first + "/submit")
            try await edna.post(second + "/submit")
            try await rita.signIn("rita", reviewerPassword)
            try await rita.get(first)
            #expect(try await rita.post(first + "/approve").status == .seeOther)
            try await rita.get(second)
            let refused = try await rita.post(second + "/approve")
            #expect(
                refused.status == .conflict && refused.text.contains("no longer validates")
                    && refused.text.contains("already exists with different content"))
            let secondID = Int(second.split(separator: "/").last!)!
            #expect(try await store.proposal(secondID)?.state == .submitted)
            // Rejected with a reason, which its page then shows; a reason is required.
            #expect(try await rita.post(second + "/reject", ["reason": "  "]).status == .badRequest)
            #expect(try await rita.post(second + "/reject", ["reason": "The same event as proposal 1."]).status == .seeOther)
            #expect(try await edna.get(second).text.contains("The same event as proposal 1."))
            #expect(try await store.proposal(secondID)?.state == .rejected)
            // A rejected proposal can no longer change; a fresh one can be withdrawn.
            #expect(try await edna.post(second + "/withdraw").status == .forbidden)
            let third = try await proposeEvent(&edna, id: "e-test-3")
            #expect(try await edna.post(third + "/withdraw").status == .seeOther)
            #expect(try await edna.get(third).text.contains("withdrawn"))
        }
        let actions = try await store.audit(since: "2026-11-30").map(\.action)
        #expect(actions.contains(.proposalRejected) && actions.contains(.proposalWithdrawn))
    }

    @Test("a POST without the session's CSRF token, or with a wrong one, is a 403 that changes nothing")
    func csrf() async throws {
        let (site, store) = try await editorSite()
        try await Application(router: buildRouter(site)).test(.router) { client in
            var edna = Visitor(client)
            try await edna.signIn("edna", editorPassword)
            for token in ["", "forged", String(repeating: "A", count: 43)] {
                let r = try await edna.post("/editor/proposals", csrf: token)
                #expect(r.status == .forbidden && r.text.contains("The form had expired"), "\(token)")
            }
            // No session at all: refused too, with or without a token.
            var stranger = Visitor(client)
            #expect(try await stranger.post("/editor/proposals", csrf: "x").status == .forbidden)
            #expect(try await stranger.post("/editor/sign-in", ["name": "edna", "password": editorPassword], csrf: "x").status == .forbidden)
        }
        #expect(try await store.proposals().isEmpty)
    }

    @Test("the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict, Path=/; the development one only drops the prefix and Secure")
    func cookieFlags() async throws {
        let (site, _) = try await editorSite()
        for insecure in [false, true] {
            try await Application(router: buildRouter(site, cookie: SessionCookie(insecure: insecure))).test(.router) { client in
                let r = try await client.execute(uri: "/editor/sign-in", method: .get)
                let cookie = try #require(r.headers[values: .setCookie].first)
                let parts = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(parts[0].hasPrefix(insecure ? "pactwatch-session=" : "__Host-pactwatch-session="))
                #expect(parts.contains("HttpOnly") && parts.contains("SameSite=Strict") && parts.contains("Path=/") && !cookie.contains("Domain"))
                #expect(parts.contains("Secure") == !insecure)
                #expect(r.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test("sign-in gives a new session id: one set before (fixation) is not kept, and no longer works")
    func fixation() async throws {
        let (site, store) = try await editorSite()
        try await Application(router: buildRouter(site)).test(.router) { client in
            var edna = Visitor(client)
            try await edna.get("/editor/sign-in")
            let planted = try #require(edna.cookie)
            #expect(try await store.session(SessionCookie.keyPrefix + planted, now: 0) != nil)
            try await edna.post("/editor/sign-in", ["name": "edna", "password": editorPassword])
            let signedIn = try #require(edna.cookie)
            #expect(signedIn != planted)
            #expect(try await store.session(SessionCookie.keyPrefix + planted, now: 0) == nil)
            #expect(try await edna.get("/editor").status == .ok)
            var attacker = Visitor(client)
            attacker.cookie = planted
            #expect(try await attacker.get("/editor").status == .seeOther)
        }
    }

    @Test("an unknown user and a wrong password get the same answer; after 5 failures sign-in waits, even with the right password, then works")
    func throttling() async throws {
        let (site, store) = try await editorSite()
        try await Application(router: buildRouter(site)).test(.router) { client in
            var a = Visitor(client), b = Visitor(client)
            let wrong = try await a.signIn("edna", "not-the-password-1")
            let unknown = try await b.signIn("nobody", "not-the-password-1")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            // The page asked for is kept through a refused attempt.
            #expect(wrong.text.contains("name=\"next\" value=\"/editor\""))
            func scrub(_ s: String, _ name: String) -> String {
                s.replacing(try! Regex(#"value="[A-Za-z0-9_\-]{43}""#), with: "").replacingOccurrences(of: "value=\"\(name)\"", with: "")
            }
            #expect(scrub(wrong.text, "edna") == scrub(unknown.text, "nobody"))
            // The decoy an unknown name is checked against costs what a real hash costs.
            #expect(Passwords.decoy.hasPrefix("$2b$\(Passwords.cost)$"))
            // Five failures from one address (the router's clients share one) in all: the next attempt waits.
            for _ in 3...5 { #expect(try await a.signIn("edna", "not-the-password-1").status == .unauthorized) }
            let throttled = try await a.signIn("edna", editorPassword)
            #expect(throttled.status == .tooManyRequests && throttled.text.contains("try again after"))
            #expect(try await store.throttledUntil(["address:unknown"], now: Int(Date().timeIntervalSince1970)) != nil)
            #expect(try await store.throttledUntil(["user:edna"], now: Int(Date().timeIntervalSince1970)) == nil)
            // The wait passes: the right password is taken and the count forgotten.
            try await store.execute(sql: "UPDATE throttles SET until = 0")
            #expect(try await a.signIn("edna", editorPassword).status == .seeOther)
            #expect(try await store.throttledUntil(["address:unknown"], now: 0) == nil)
        }
        let actions = try await store.audit(since: "2026-11-30").map(\.action)
        #expect(actions.filter { $0 == .signInFailed }.count == 5 && actions.contains(.throttled) && actions.last == .signIn)
    }

    @Test("the store refuses a review by the proposal's author, whatever the page; a reviewer-author's page offers no approval")
    func ownApproval() async throws {
        let (site, store) = try await editorSite()
        try await Application(router: buildRouter(site)).test(.router) { client in
            var rita = Visitor(client)
            try await rita.signIn("rita", reviewerPassword)
            let path = try await proposeEvent(&rita)
            try await rita.post(path + "/submit")
            #expect(try await rita.get(path).text.contains("another reviewer must approve it"))
            let r = try await rita.post(path + "/approve")
            #expect(r.status == .forbidden && r.text.contains("its review must be someone else"))
            #expect(try await client.execute(uri: "/api/v1/events?limit=1000", method: .get).text.contains("e-test-1") == false)
        }
        // Straight to the store: refused there too, and nothing changed.
        var proposal = try #require(try await store.proposals().first)
        proposal.state = .approved
        proposal.reviewer = "rita"
        await #expect(throws: ReviewRefused.self) { try await store.updateProposal(proposal, expected: .submitted, audit: nil) }
        #expect(try await store.proposal(proposal.id)?.state == .submitted)
    }

    @Test("roles: an editor gets 403 from the admin and review pages; a disabled user's live session ends")
    func roles() async throws {
        let (site, store) = try await editorSite()
        try await Application(router: buildRouter(site)).test(.router) { client in
            var edna = Visitor(client), ada = Visitor(client)
            try await edna.signIn("edna", editorPassword)
            #expect(try await edna.get("/editor/audit").status == .forbidden)
            #expect(try await edna.get("/editor/audit?format=csv").status == .forbidden)
            let path = try await proposeEvent(&edna)
            try await edna.post(path + "/submit")
            #expect(try await edna.post(path + "/approve").status == .forbidden)
            try await ada.signIn("ada", reviewerPassword)
            let csv = try await ada.get("/editor/audit?format=csv")
            #expect(
                csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.text.hasPrefix("time,user,address,action,detail"))
            #expect(try await ada.get("/editor/audit?action=sign_in").text.contains("<td data-label=\"Action\">sign_in</td>"))
            // Another person's draft is not theirs to read, whatever their role.
            var rita = Visitor(client)
            try await rita.signIn("rita", reviewerPassword)
            let draft = try await proposeEvent(&rita, id: "e-test-2")
            #expect(try await edna.get(draft).status == .forbidden)
            #expect(try await edna.post(draft + "/add", ["table": "claims"]).status == .forbidden)
            // Signing out ends the session: its cookie no longer signs anyone in.
            let ritaCookie = rita.cookie
            try await rita.post("/editor/sign-out")
            var replay = Visitor(client)
            replay.cookie = ritaCookie
            #expect(try await replay.get("/editor").status == .seeOther)
            var user = try #require(try await store.user(named: "edna"))
            user.disabled = true
            try await store.updateUser(user, audit: AuditEntry(time: "2026-12-01T00:00:00Z", user: "edna", address: "cli", action: .userDisabled))
            let after = try await edna.get("/editor")
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/editor/sign-in") == true)
        }
    }

    @Test(
        "sign-in's next goes to the editors' pages only, never another site",
        arguments: [
            ("/editor/proposals/1", "/editor/proposals/1"), ("//evil.example/editor", "/editor"), ("https://evil.example", "/editor"),
            ("/editor/../admin", "/editor/../admin"), ("/\\evil.example", "/editor"), ("/editorial", "/editor"), ("/editor//evil.example", "/editor"),
            ("javascript:alert(1)", "/editor"), ("/editor\r\nSet-Cookie: x=1", "/editor"),
        ])
    func openRedirect(next: String, expected: String) async throws {
        #expect(Editors.safeNext(next) == expected)
    }

    @Test("hostile values are kept verbatim and escaped on every page; NUL is refused at its field; bodies over 1 MB are a 413")
    func hostileValues() async throws {
        let (site, store) = try await editorSite()
        let hostile = "<script>alert('x')</script> \"; DROP TABLE events; -- \u{202E}txt.exe"
        try await Application(router: buildRouter(site)).test(.router) { client in
            var edna = Visitor(client), rita = Visitor(client)
            try await edna.signIn("edna", editorPassword)
            let path = try await proposeEvent(&edna, note: hostile)
            // A system column sent with a form is not the editor's to set (no mass assignment).
            let forged = try await edna.post(
                path + "/add",
                [
                    "table": "sources", "f.id": "src-forged", "f.url": "https://example.org/x", "f.recorded_by": "rita", "f.approved_by": "rita",
                ])
            #expect(forged.status == .seeOther)
            let page = try await edna.get(path).text
            #expect(!page.contains("<script>") && page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            let nul = try await edna.post(path + "/add", ["table": "claims", "f.id": "k-x", "f.statement": "a\u{0}b"])
            #expect(nul.status == .unprocessableContent && nul.text.contains("NUL"))
            let big = try await edna.post(path + "/add", ["table": "claims", "f.statement": String(repeating: "x", count: 1_100_000)])
            #expect(big.status == .contentTooLarge)
            try await edna.post(path + "/submit")
            try await rita.signIn("rita", reviewerPassword)
            try await rita.get(path)
            #expect(try await rita.post(path + "/approve").status == .seeOther)
            let shown = try await client.execute(uri: "/commitments/programme-22-procurement-agreement", method: .get).text
            #expect(!shown.contains("<script>alert") && shown.contains("&lt;script&gt;"))
        }
        // Stored verbatim: the database holds the text as typed, the events table intact.
        let stored = try await store.read().dataset
        #expect(stored.events.first { $0.id == "e-test-1" }?.note == hostile)
        #expect(stored.sources.first { $0.id == "src-forged" }?.attribution == Attribution(recordedBy: "edna", approvedBy: "rita"))
    }

    @Test(
        "two servers on one PostgreSQL: a session made on one is accepted by the other, which serves the approved fact within a second",
        .enabled(if: TestPostgres.enabled, Comment(rawValue: TestPostgres.howToRun)))
    func twoServers() async throws {
        let url = try await TestPostgres.freshDatabase()
        try await PostgresStore.withStore(url: url) { a in
            try await PostgresStore.withStore(url: url) { b in
                _ = try await Importer.run(DatasetFolder.read(bundled()), into: a)
                let now = "2026-11-29T10:00:00Z"
                for (name, role, password) in [("edna", Role.editor, editorPassword), ("rita", .reviewer, reviewerPassword)] {
                    try await a.addUser(
                        User(name: name, role: role, passwordHash: Passwords.hash(password), created: now, changed: now),
                        audit: AuditEntry(time: now, user: name, address: "cli", action: .userAdded))
                }
                let day = Day(iso: "2026-11-29")!
                func site(_ store: PostgresStore) -> Site {
                    Site(
                        store: store, cache: SnapshotCache(store: store, freshness: 1), baseURL: "http://example.test", logger: Logger(label: "test"),
                        today: { day })
                }
                let siteA = site(a), siteB = site(b)
                // Server B follows the database's change notices, as `serve` does.
                let watcher = Task { try await siteB.cache.watch() }
                defer { watcher.cancel() }
                try await Application(router: buildRouter(siteA)).test(.router) { clientA in
                    try await Application(router: buildRouter(siteB)).test(.router) { clientB in
                        var edna = Visitor(clientA), rita = Visitor(clientA)
                        try await edna.signIn("edna", editorPassword)
                        // Edna's session cookie, taken to server B.
                        var ednaOnB = Visitor(clientB)
                        ednaOnB.cookie = edna.cookie
                        #expect(try await ednaOnB.get("/editor").status == .ok)
                        let path = try await proposeEvent(&ednaOnB)
                        #expect(try await ednaOnB.post(path + "/submit").status == .seeOther)
                        try await rita.signIn("rita", reviewerPassword)
                        try await rita.get(path)
                        #expect(try await rita.post(path + "/approve").status == .seeOther)
                        let published = ContinuousClock.now
                        var seen = false
                        while !seen, ContinuousClock.now - published < .seconds(3) {
                            seen = try await clientB.execute(uri: "/api/v1/events?limit=1000", method: .get).text.contains("\"id\":\"e-test-1\"")
                            if !seen { try await Task.sleep(for: .milliseconds(50)) }
                        }
                        #expect(seen && ContinuousClock.now - published < .seconds(1), "B served it after \(ContinuousClock.now - published)")
                    }
                }
                #expect(try await b.verify().broken == nil)
            }
        }
    }

    @Test("the public site has no way to change anything: other methods are 405, editors' POSTs without a session 403")
    func publicReadOnly() async throws {
        let (site, store) = try await editorSite()
        let version = try await store.version()
        try await Application(router: buildRouter(site)).test(.router) { client async throws in
            for path in ["/", "/api/v1/events", "/commitments/programme-22-procurement-agreement", "/data"] {
                for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                    #expect(try await client.execute(uri: path, method: method).status == .methodNotAllowed, "\(method) \(path)")
                }
            }
            for path in ["/editor/proposals", "/editor/proposals/1/approve", "/editor/sign-out"] {
                #expect(try await client.execute(uri: path, method: .post).status == .forbidden, "\(path)")
            }
            #expect(try await client.execute(uri: "/editor", method: .get).headers[.location] == "/editor/sign-in?next=%2Feditor")
        }
        #expect(try await store.version() == version)
    }
}
