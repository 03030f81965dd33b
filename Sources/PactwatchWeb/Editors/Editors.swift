import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import NIOCore
import NIOPosix
import PactwatchCore
import PactwatchData
import PactwatchStore

/// The editors' side: sign-in and sign-out, proposals, review, the audit log. Every route is
/// under `/editor`, behind the session middleware; every POST carries the session's CSRF token.
struct Editors: Sendable {
    let site: Site
    let accounts: any AccountStore
    let cookie: SessionCookie

    static let prefix = "/editor"

    func register(on router: Router<SiteContext>) {
        // The decoy hash an unknown name is checked against, made now on another thread, so the
        // first such sign-in costs what any other does.
        Task.detached { _ = Passwords.decoy }
        let group = router.group(RouterPath(Self.prefix))
            .add(middleware: SessionMiddleware<SiteContext>(storage: DatabasePersist(accounts: accounts), configuration: cookie.configuration))
            .add(middleware: FormGuard())
        group.get("sign-in") { request, context in try await answer { try await signInForm(request, context) } }
        group.post("sign-in") { request, context in try await answer { try await signIn(request, context) } }
        group.post("sign-out") { request, context in try await answer { try await signOut(request, context) } }
        group.get { request, context in try await answer { try await home(request, context) } }
        group.get("audit") { request, context in try await answer { try await auditPage(request, context) } }
        Proposals(editors: self).register(on: group)
    }

    /// A handler's answer, or the page a refusal (`EarlyAnswer`) carries.
    func answer(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let early as EarlyAnswer { return early.response }
    }

    // MARK: Who is asking

    /// The signed-in user of a request, checked against the database on every request (a
    /// disabled user, or a session past its 7 days, is signed out); nil when nobody is.
    func user(_ context: SiteContext) async throws -> (User, EditorSession)? {
        guard let session = context.sessions.session, !session.user.isEmpty else { return nil }
        let now = DatabasePersist.now()
        guard now - session.created < EditorSession.lifetime, let user = try await accounts.user(named: session.user), !user.disabled else {
            context.sessions.clearSession()
            return nil
        }
        // Idle expiry moves with use, at most once a minute (saving the session renews its 8 hours).
        if now - session.seen >= 60 { _ = context.sessions.updateSession(EditorSession(copy: session, seen: now)) }
        return (user, session)
    }

    /// The signed-in user with at least `role`: else (thrown as `EarlyAnswer`) a redirect to
    /// sign-in for a GET, or a 403.
    func require(_ role: Role, _ request: Request, _ context: SiteContext) async throws -> (User, EditorSession) {
        guard let (user, session) = try await user(context) else {
            if request.method == .get {
                let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                throw EarlyAnswer(response: EditorPage.redirect("\(Self.prefix)/sign-in?next=" + Route.encode(here)))
            }
            throw EarlyAnswer(response: try await refusal(request, .forbidden, "expired"))
        }
        guard user.role.includes(role) else {
            throw EarlyAnswer(response: try await refusal(request, .forbidden, "forbidden", user: user, session: session))
        }
        return (user, session)
    }

    func refusal(
        _ request: Request, _ status: HTTPResponse.Status, _ key: String, user: User? = nil, session: EditorSession? = nil
    ) async throws
        -> Response
    {
        let language = Self.language(request)
        let e = EditorStrings(language: language)
        return EditorPage.response(
            status,
            EditorPage.render(
                title: e["editors"],
                body: "<p class=\"banner\">\(e[key])</p><p><a href=\"\(Self.prefix)\">\(e["editors"])</a></p>",
                language: language, user: user?.name, csrf: session?.csrf))
    }

    static func language(_ request: Request) -> Language {
        let query = try? Site.query(request.uri.query)
        return (try? Language.negotiate(query: query?["lang"], acceptLanguage: request.headers[.acceptLanguage])) ?? .en
    }

    func audit(_ action: AuditEntry.Action, user: String, _ context: SiteContext, _ detail: String = "") async throws {
        try await accounts.appendAudit(
            AuditEntry(time: Importer.timestamp(Date()), user: user, address: context.address, action: action, detail: detail))
    }

    // MARK: Sign-in and sign-out

    func signInForm(
        _ request: Request, _ context: SiteContext, message: HTML = "", status: HTTPResponse.Status = .ok, name: String = "",
        next given: String? = nil
    )
        async throws -> Response
    {
        if try await user(context) != nil, request.method == .get { return EditorPage.redirect(Self.prefix) }
        // A visitor's session: only a CSRF token, replaced (with a new id) at sign-in.
        let session = context.sessions.session ?? EditorSession(user: "", now: DatabasePersist.now())
        if context.sessions.session == nil { context.sessions.createSession(session, expiresIn: .seconds(3600)) }
        let language = Self.language(request)
        let e = EditorStrings(language: language)
        // Where to go after: the query's on a GET, the form's on a refused POST.
        let next = given ?? (try? Site.query(request.uri.query))?["next"] ?? ""
        let body: HTML = """
            <p class="lede">\(e["sign_in_lede"])</p>\(message)
            <form class="editor" method="post" action="\(Self.prefix)/sign-in?lang=\(language.rawValue)">\(EditorPage.csrfField(session.csrf))
            <input type="hidden" name="next" value="\(next)">
            <label>\(e["user_name"]) <input name="name" value="\(name)" autocomplete="username" required maxlength="64"></label>
            <label>\(e["password"]) <input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
            <button>\(e["sign_in"])</button></form>
            """
        return EditorPage.response(status, EditorPage.render(title: e["sign_in"], body: body, language: language, user: nil, csrf: nil))
    }

    func signIn(_ request: Request, _ context: SiteContext) async throws -> Response {
        let form = try await FormGuard.form(request)
        let e = EditorStrings(language: Self.language(request))
        let name = String((form["name"] ?? "").prefix(64)), password = form["password"] ?? ""
        let now = DatabasePersist.now()
        let keys = ["user:" + name.lowercased(), "address:" + context.address]
        if let until = try await accounts.throttledUntil(keys, now: now) {
            try await audit(.throttled, user: name, context, "until \(Importer.timestamp(Date(timeIntervalSince1970: TimeInterval(until))))")
            let time = Importer.timestamp(Date(timeIntervalSince1970: TimeInterval(until)))
            return try await signInForm(
                request, context, message: "<p class=\"banner\">\(e["throttled"].replacingOccurrences(of: "{time}", with: time))</p>",
                status: .tooManyRequests, name: name, next: form["next"])
        }
        let stored = User.validName(name) ? try await accounts.user(named: name) : nil
        // bcrypt off the event loop; an unknown name is checked against a decoy hash, so it
        // costs as long as a wrong password and reads the same.
        let hash = stored?.passwordHash ?? Passwords.decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Passwords.verify(password, hash: hash) }
        guard let user = stored, matches, !user.disabled else {
            _ = try await accounts.recordFailure(keys, now: now)
            try await audit(.signInFailed, user: stored?.name ?? "", context, stored == nil ? "unknown user \(name)" : "")
            return try await signInForm(
                request, context, message: "<p class=\"banner\">\(e["wrong"])</p>", status: .unauthorized, name: name, next: form["next"])
        }
        try await accounts.clearFailures(keys)
        // A new session id at sign-in: the visitor's session (and any id planted before) ends.
        if let old = request.cookies[cookie.name]?.value { try await accounts.removeSession(SessionCookie.keyPrefix + old) }
        context.sessions.createSession(EditorSession(user: user.name, now: now), expiresIn: .seconds(EditorSession.idle))
        try await audit(.signIn, user: user.name, context)
        return EditorPage.redirect(Self.safeNext(form["next"]))
    }

    /// Where a sign-in goes next: a path of the editors' pages, never another site
    /// (`//evil.example`, `https://…`, `/\evil`), else the editors' home.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(prefix), !next.contains("//"), !next.contains("\\"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            next == prefix || next.hasPrefix(prefix + "/") || next.hasPrefix(prefix + "?")
        else { return prefix }
        return next
    }

    func signOut(_ request: Request, _ context: SiteContext) async throws -> Response {
        if let (user, _) = try await user(context) { try await audit(.signOut, user: user.name, context) }
        context.sessions.clearSession()
        return EditorPage.redirect("\(Self.prefix)/sign-in?lang=\(Self.language(request).rawValue)")
    }

    // MARK: Pages

    func home(_ request: Request, _ context: SiteContext) async throws -> Response {
        let (user, session) = try await require(.editor, request, context)
        return try await Proposals(editors: self).home(request, user, session)
    }

    func auditPage(_ request: Request, _ context: SiteContext) async throws -> Response {
        let (user, session) = try await require(.admin, request, context)
        let query = try Site.query(request.uri.query)
        let language = Self.language(request)
        let e = EditorStrings(language: language)
        let since = query["since"].flatMap { $0.isEmpty ? nil : $0 }
        if let since, Day(iso: String(since.prefix(10))) == nil {
            throw BadParameter(name: "since", value: String(since.prefix(40)), expected: .day)
        }
        var entries = try await accounts.audit(since: since)
        if let who = query["user"], !who.isEmpty { entries = entries.filter { $0.user == who } }
        if let action = query["action"], !action.isEmpty { entries = entries.filter { $0.action.rawValue == action } }
        if query["format"] == "csv" {
            var csv = "time,user,address,action,detail\r\n"
            for x in entries { csv += CSV.line([x.time, x.user, x.address, x.action.rawValue, x.detail]) }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"pactwatch-audit.csv\"",
                    .cacheControl: "no-store",
                ], body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        var body: HTML =
            "<form class=\"editor filters\" method=\"get\" action=\"\(Self.prefix)/audit\"><input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\">"
        body += "<label>\(e["since"]) <input type=\"date\" name=\"since\" value=\"\(since ?? "")\"></label>"
        body += "<label>\(e["user_name"]) <input name=\"user\" value=\"\(query["user"] ?? "")\"></label>"
        body += "<label>\(e["action"]) <select name=\"action\"><option value=\"\">—</option>"
        for action in AuditEntry.Action.allCases {
            body += "<option\(query["action"] == action.rawValue ? " selected" : "")>\(action.rawValue)</option>"
        }
        body += "</select></label><button>\(e["filter"])</button></form>"
        var csvQuery = query
        csvQuery["format"] = "csv"
        body +=
            "<p class=\"downloads\"><a href=\"\(Self.prefix)/audit?\(csvQuery.sorted { $0.key < $1.key }.map { Route.encode($0.key) + "=" + Route.encode($0.value) }.joined(separator: "&"))\">\(e["download_csv"])</a></p>"
        body +=
            "<figure class=\"table\"><div class=\"scroll\"><table><thead><tr><th>\(e["time"])</th><th>\(e["user_name"])</th><th>\(e["address"])</th><th>\(e["action"])</th><th>\(e["detail"])</th></tr></thead><tbody>"
        for x in entries.reversed() {
            body +=
                "<tr><td data-label=\"\(e["time"])\">\(x.time)</td><td data-label=\"\(e["user_name"])\">\(x.user)</td><td data-label=\"\(e["address"])\">\(x.address)</td><td data-label=\"\(e["action"])\">\(x.action.rawValue)</td><td data-label=\"\(e["detail"])\">\(x.detail)</td></tr>"
        }
        body += "</tbody></table></div></figure>"
        return EditorPage.response(.ok, EditorPage.render(title: e["audit"], body: body, language: language, user: user.name, csrf: session.csrf))
    }
}

/// A page answered before the handler's own work: a redirect to sign-in, a refusal.
struct EarlyAnswer: Error {
    let response: Response
}

extension EditorSession {
    init(copy: EditorSession, seen: Int) {
        self = copy
        self.seen = seen
    }
}

/// Every POST under `/editor`: its body read once (1 MB at most, else 413) and its CSRF token
/// checked against the session's, before any handler runs; a missing or wrong token is a 403
/// that changes nothing.
struct FormGuard: RouterMiddleware {
    typealias Context = SiteContext

    func handle(_ request: Request, context: SiteContext, next: (Request, SiteContext) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: EditorSession.maximumBody)
        } catch is NIOTooManyBytesError {
            throw Refusal(
                status: .contentTooLarge,
                text: Wording(
                    "A form may send at most 1 MB; this one sent more. Nothing was changed.",
                    ru: "Форма может передать не больше 1 МБ; эта передала больше. Ничего не изменено."))
        }
        let form = try await Self.form(request)
        guard let session = context.sessions.session, let token = form["csrf"], Self.same(token, session.csrf) else {
            let e = EditorStrings(language: Editors.language(request))
            return EditorPage.response(
                .forbidden,
                EditorPage.render(
                    title: e["editors"], body: "<p class=\"banner\">\(e["expired"])</p><p><a href=\"\(Editors.prefix)\">\(e["editors"])</a></p>",
                    language: e.language, user: nil, csrf: nil))
        }
        return try await next(request, context)
    }

    /// The form fields of a collected POST body (`application/x-www-form-urlencoded`).
    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: EditorSession.maximumBody)
        return try Site.query(String(buffer: body))
    }

    /// Compares in time that does not depend on where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
