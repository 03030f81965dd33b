import Foundation
import Hummingbird
import PactwatchCore
import PactwatchData
import PactwatchStore

/// Proposals: an editor gathers new rows (events, sources, claims, acts, commitments) with forms
/// checked by the import path's own validation; a reviewer who is not the author approves
/// (publishing them, in one transaction with the approval) or rejects them with a reason.
struct Proposals: Sendable {
    let editors: Editors
    var accounts: any AccountStore { editors.accounts }

    /// The tables a proposal adds rows to, in the order their forms are offered.
    static let tables: [Table] = [.events, .sources, .claims, .acts, .commitments]

    func register(on group: RouterGroup<SiteContext>) {
        group.post("proposals") { request, context in try await editors.answer { try await create(request, context) } }
        group.get("proposals/:id") { request, context in try await editors.answer { try await show(request, context) } }
        for action in ["add", "remove", "submit", "withdraw", "approve", "reject"] {
            group.post(RouterPath("proposals/:id/" + action)) { request, context in
                try await editors.answer { try await act(action, request, context) }
            }
        }
    }

    // MARK: The rows of a proposal

    /// A form's columns for `table`: every field but the system ones, then the Russian
    /// translation of each translated field; the header of the proposal's file.
    static func columns(_ table: Table) -> [String] {
        table.fields.filter { $0.type != .system }.map(\.name) + table.translatedFields.map { $0 + "_ru" }
    }

    /// The rows a proposal holds for `table`, as its file gives them.
    static func rows(_ proposal: Proposal, _ table: Table) -> [Row] {
        guard let text = proposal.files[table.fileName] else { return [] }
        return DatasetFolder.rows(of: table, bytes: Array(text.utf8), file: table.fileName).rows.map(\.0)
    }

    /// `rows` as the proposal's file: the form's columns, one line each.
    static func file(_ table: Table, _ rows: [Row]) -> String {
        let columns = columns(table)
        var text = CSV.line(columns)
        for row in rows {
            text += CSV.line(columns.map { column in table.position(of: column).map { row.values[$0] } ?? row.translations[column] ?? "" })
        }
        return text
    }

    /// The proposal's files in a folder of their own, as `import` reads a dataset folder.
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pactwatch-proposal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files where Table.allCases.contains(where: { $0.fileName == name }) {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
        }
        return url
    }

    /// Every problem importing `files` into the record as it is now would report.
    func problems(_ files: [String: String]) async throws -> [Problem] {
        let folder = try Self.folder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let current = try await editors.site.cache.current()
        return Importer.problems(adding: DatasetFolder.read(folder), to: current.figures.snapshot.dataset)
    }

    // MARK: Handlers

    func create(_ request: Request, _ context: SiteContext) async throws -> Response {
        let (user, _) = try await editors.require(.editor, request, context)
        let now = Importer.timestamp(Date())
        let id = try await accounts.addProposal(Proposal(author: user.name, created: now, changed: now))
        return EditorPage.redirect("\(Editors.prefix)/proposals/\(id)?lang=\(Editors.language(request).rawValue)")
    }

    func load(_ context: SiteContext) async throws -> Proposal {
        guard let raw = context.parameters.get("id"), let id = Int(raw), id > 0, let proposal = try await accounts.proposal(id) else {
            throw Refusal(status: .notFound, text: Wording("There is no such proposal.", ru: "Такого предложения нет."))
        }
        return proposal
    }

    func show(_ request: Request, _ context: SiteContext) async throws -> Response {
        let (user, session) = try await editors.require(.editor, request, context)
        let proposal = try await load(context)
        // Nothing in a draft is shown to anyone but its author; reviewers see submitted ones.
        guard proposal.author == user.name || (proposal.state != .draft && user.role.includes(.reviewer)) else {
            throw EarlyAnswer(response: try await editors.refusal(request, .forbidden, "forbidden", user: user, session: session))
        }
        let query = try Site.query(request.uri.query)
        return try await page(request, proposal, user, session, notice: query["published"] != nil ? "published" : nil)
    }

    /// The proposal's page: what it holds, the forms that add to it (its author, while a draft),
    /// and for a reviewer the diff against the record with approve and reject.
    func page(
        _ request: Request, _ proposal: Proposal, _ user: User, _ session: EditorSession, notice: String? = nil,
        form: (table: Table, values: [String: String], problems: [Problem])? = nil, banner: HTML = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = Editors.language(request)
        let e = EditorStrings(language: language)
        let base = "\(Editors.prefix)/proposals/\(proposal.id)"
        let csrf = EditorPage.csrfField(session.csrf)
        let lang = "?lang=\(language.rawValue)"
        var body: HTML = banner
        if let notice { body += "<p class=\"banner good\">\(e[notice])</p>" }
        var facts: [(String, HTML)] = [
            (e["state"], "\(e[proposal.state.rawValue])"), (e["author"], "\(proposal.author)"), (e["changed"], "\(proposal.changed)"),
        ]
        if !proposal.reviewer.isEmpty {
            facts.append((e[proposal.state == .rejected ? "rejected_because" : "approved"], "\(e["by"]) \(proposal.reviewer)"))
        }
        if !proposal.reason.isEmpty { facts.append((e["reason"], "\(proposal.reason)")) }
        body += Blocks.definitionList(facts)
        let mine = proposal.author == user.name, draft = proposal.state == .draft
        body += "<h2>\(e["adds"])</h2>" + items(proposal, e, removable: mine && draft, base: base + "/remove" + lang, csrf: csrf)
        if mine, draft {
            // One snapshot for every form's pickers.
            let dataset = try await editors.site.cache.current().figures.snapshot.dataset
            for table in Self.tables {
                body += addForm(table, proposal, e, dataset, action: base + "/add" + lang, csrf: csrf, form: form?.table == table ? form : nil)
            }
        }
        // The author's own buttons.
        if mine, draft || proposal.state == .submitted {
            body += "<div class=\"actions\">"
            if draft, !Self.isEmpty(proposal) {
                body += "<form method=\"post\" action=\"\(base)/submit\(lang)\">\(csrf)<button>\(e["submit"])</button></form>"
            }
            body +=
                "<form method=\"post\" action=\"\(base)/withdraw\(lang)\">\(csrf)<button class=\"secondary\">\(e["withdraw"])</button></form></div>"
        }
        // The review: the effect on the figures, then approve or reject; never the author's own.
        if proposal.state == .submitted, user.role.includes(.reviewer) {
            body += try await effect(proposal, e, language)
            if mine {
                body += "<p class=\"note\">\(e["own_proposal"])</p>"
            } else {
                body +=
                    "<div class=\"actions\"><form method=\"post\" action=\"\(base)/approve\(lang)\">\(csrf)<button>\(e["approve"])</button></form>"
                body +=
                    "<form class=\"editor\" method=\"post\" action=\"\(base)/reject\(lang)\">\(csrf)<label>\(e["reason"]) <textarea name=\"reason\" required maxlength=\"2000\"></textarea></label><button class=\"secondary\">\(e["reject"])</button></form></div>"
            }
        }
        let title = "\(e["proposal"]) \(proposal.id)"
        return EditorPage.response(status, EditorPage.render(title: title, body: body, language: language, user: user.name, csrf: session.csrf))
    }

    static func isEmpty(_ proposal: Proposal) -> Bool { tables.allSatisfy { rows(proposal, $0).isEmpty } }

    /// The rows a proposal adds, one table per file, each row with its non-empty fields.
    func items(_ proposal: Proposal, _ e: EditorStrings, removable: Bool, base: String, csrf: HTML) -> HTML {
        var out = HTML()
        for table in Self.tables {
            let rows = Self.rows(proposal, table)
            guard !rows.isEmpty else { continue }
            let columns = Self.columns(table).filter { column in rows.contains { Self.value($0, column, table) != "" } }
            out +=
                "<figure class=\"table\"><figcaption>\(e["table_" + table.rawValue]) <span class=\"note\">\(table.fileName)</span></figcaption><div class=\"scroll\"><table><thead><tr>"
            for column in columns { out += "<th scope=\"col\">\(column)</th>" }
            out += (removable ? "<th></th>" : "") + "</tr></thead><tbody>"
            for (i, row) in rows.enumerated() {
                out += "<tr>"
                for column in columns { out += "<td data-label=\"\(column)\">\(Self.value(row, column, table))</td>" }
                if removable {
                    out +=
                        "<td><form method=\"post\" action=\"\(base)\">\(csrf)<input type=\"hidden\" name=\"table\" value=\"\(table.rawValue)\"><input type=\"hidden\" name=\"row\" value=\"\(i)\"><button class=\"secondary\">\(e["remove"])</button></form></td>"
                }
                out += "</tr>"
            }
            out += "</tbody></table></div></figure>"
        }
        return out.markup.isEmpty ? "<p>\(e["none_yet"])</p>" : out
    }

    static func value(_ row: Row, _ column: String, _ table: Table) -> String {
        table.position(of: column).map { row.values[$0] } ?? row.translations[column] ?? ""
    }

    /// The form that adds one row to `table`: a field per column, described as the format
    /// describes it, with pickers for the records it may refer to; refilled with the problems
    /// next to their fields when the row was refused.
    func addForm(
        _ table: Table, _ proposal: Proposal, _ e: EditorStrings, _ dataset: Dataset, action: String, csrf: HTML,
        form: (table: Table, values: [String: String], problems: [Problem])?
    ) -> HTML {
        let line = Self.rows(proposal, table).count + 2
        var out: HTML = "<details class=\"editor\"\(form == nil ? "" : " open")><summary>\(e["add_" + table.singular])</summary>"
        // A problem of this row's field is shown at the field; any other (another row's, or one
        // placed by character position, such as a NUL) above the form.
        let columns = Self.columns(table)
        let mine = form?.problems.filter { $0.file == table.fileName && $0.line == line && columns.contains($0.column ?? "") } ?? []
        let others = (form?.problems ?? []).filter { p in !mine.contains { $0 == p } }
        if form != nil { out += "<p class=\"banner\">\(e["fix_below"])</p>" }
        if !others.isEmpty { out += "<ul class=\"problems\">\(others.map { "<li>\($0.description)</li>" as HTML })</ul>" }
        out += "<form class=\"editor\" method=\"post\" action=\"\(action)\">\(csrf)<input type=\"hidden\" name=\"table\" value=\"\(table.rawValue)\">"
        for column in columns {
            let field = table.position(of: column).map { table.fields[$0] }
            let value = form?.values[column] ?? (column == "id" ? Self.suggestedID(table) : "")
            let problem = mine.filter { $0.column == column }.map(\.message).joined(separator: "; ")
            let required = field?.required == true
            let help = field?.description ?? "Russian translation of \(column.dropLast(3))."
            out += "<label class=\"field\(problem.isEmpty ? "" : " invalid")\"><span>\(column)\(required ? " *" : "")</span>"
            let name = "f." + column
            if case .choice(let options)? = field?.type {
                out += "<select name=\"\(name)\"><option value=\"\">\(e["choose"])</option>"
                for option in options { out += "<option value=\"\(option)\"\(option == value ? " selected" : "")>\(option)</option>" }
                out += "</select>"
            } else if ["note", "statement", "quote", "statement_ru"].contains(column) {
                out += "<textarea name=\"\(name)\" maxlength=\"20000\">\(value)</textarea>"
            } else {
                let list = Self.picker(column, table).map { " list=\"pick-\(table.rawValue)-\($0.rawValue)\"" } ?? ""
                out += "<input name=\"\(name)\" value=\"\(value)\"\(HTML.trusted(list)) maxlength=\"20000\">"
            }
            out += "<small>\(help)</small>"
            if !problem.isEmpty { out += "<strong class=\"problem\">\(problem)</strong>" }
            out += "</label>"
        }
        // The pickers: the records of each kind referred to, the proposal's own new ones included.
        for target in Set(Self.columns(table).compactMap { Self.picker($0, table) }) {
            out += "<datalist id=\"pick-\(table.rawValue)-\(target.rawValue)\">"
            for id in (Self.ids(target, dataset) + Self.rows(proposal, target).map { $0.values[0] }).suffix(2000) {
                out += "<option value=\"\(id)\">"
            }
            out += "</datalist>"
        }
        return out + "<button>\(e["add"])</button></form></details>"
    }

    /// The table whose ids a column names, for its picker.
    static func picker(_ column: String, _ table: Table) -> Table? {
        switch column {
        case "commitment", "commitments": .commitments
        case "party", "parties": .parties
        case "act": .acts
        case "sources": .sources
        case "instrument", "scope": .instruments
        case "retracts": .events
        default: nil
        }
    }

    static func ids(_ table: Table, _ d: Dataset) -> [String] {
        switch table {
        case .parties: d.parties.map(\.id)
        case .sources: d.sources.map(\.id)
        case .instruments: d.instruments.map(\.id)
        case .commitments: d.commitments.map(\.id)
        case .acts: d.acts.map(\.id)
        case .events: d.events.suffix(2000).map(\.id)
        case .claims: d.claims.map(\.id)
        }
    }

    /// A fresh id for a new row: the table's initial and 8 random hex digits (`e-3f9a1c2b`).
    static func suggestedID(_ table: Table) -> String {
        let prefix = ["events": "e", "sources": "src", "claims": "k", "acts": "act", "commitments": "c"][table.rawValue] ?? "r"
        return prefix + "-" + String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(8)
    }

    /// What approving the proposal would change: each figure of the scopes its rows touch,
    /// now and after, where they differ.
    func effect(_ proposal: Proposal, _ e: EditorStrings, _ language: Language) async throws -> HTML {
        let folder = try Self.folder(proposal.files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let current = try await editors.site.cache.current()
        let located = DatasetFolder.read(folder)
        let problems = Importer.problems(adding: located, to: current.figures.snapshot.dataset)
        var out: HTML = "<h2>\(e["effect"])</h2>"
        if !problems.isEmpty {
            out +=
                "<p class=\"banner\">\(e["no_longer_valid"])</p><ul class=\"problems\">\(problems.map { "<li>\($0.description)</li>" as HTML })</ul>"
            return out
        }
        let before = current.figures
        let merged = Merge(existing: current.figures.snapshot.dataset, incoming: located).merged.dataset
        let after = FigureIndex(Snapshot(merged))
        let day = editors.site.today()
        var scopes: [Scope] = [.all]
        for event in located.dataset.events {
            var instrument = merged.commitments.first { $0.id == event.commitment }?.instrument
            scopes.append(.commitment(event.commitment))
            while let id = instrument {
                scopes.append(.instrument(id))
                instrument = merged.instruments.first { $0.id == id }?.parent
            }
            if let party = event.party { scopes.append(.party(party)) }
        }
        var seen = Set<Scope>(), rows = HTML()
        let t = Strings(language: language)
        for scope in scopes where seen.insert(scope).inserted {
            let a = before.figures(for: scope, asOf: day), b = after.figures(for: scope, asOf: day)
            let pairs: [(String, String, String)] = [
                (t["obligations"], "\(a.obligations)", "\(b.obligations)"),
                (t["implemented"], "\(a.implementedCount ?? 0)", "\(b.implementedCount ?? 0)"),
                (t["progress"], FigureFormat.percent(a.progress) ?? "—", FigureFormat.percent(b.progress) ?? "—"),
                (t["coverage"], "\(a.evidenced ?? 0)", "\(b.evidenced ?? 0)"),
                (t["overdue"], "\(a.overdue ?? 0)", "\(b.overdue ?? 0)"),
            ]
            for (name, x, y) in pairs where x != y {
                rows +=
                    "<tr><td data-label=\"\(e["scope"])\">\(scope.description)</td><td data-label=\"\(e["figure"])\">\(name)</td><td class=\"num\" data-label=\"\(e["before"])\">\(x)</td><td class=\"num\" data-label=\"\(e["after"])\">\(y)</td></tr>"
            }
        }
        if rows.markup.isEmpty { return out + "<p>\(e["no_change"])</p>" }
        return out
            + "<figure class=\"table\"><div class=\"scroll\"><table><thead><tr><th>\(e["scope"])</th><th>\(e["figure"])</th><th>\(e["before"])</th><th>\(e["after"])</th></tr></thead><tbody>\(rows)</tbody></table></div></figure>"
    }

    // MARK: Changes

    func act(_ action: String, _ request: Request, _ context: SiteContext) async throws -> Response {
        let (user, session) = try await editors.require(action == "approve" || action == "reject" ? .reviewer : .editor, request, context)
        var proposal = try await load(context)
        let form = try await FormGuard.form(request)
        let old = proposal.state
        let now = Importer.timestamp(Date())
        let base = "\(Editors.prefix)/proposals/\(proposal.id)?lang=\(Editors.language(request).rawValue)"
        func refuse(_ key: String) async throws -> Response {
            try await editors.refusal(request, .forbidden, key, user: user, session: session)
        }
        func audit(_ a: AuditEntry.Action, _ detail: String = "") -> AuditEntry {
            AuditEntry(
                time: now, user: user.name, address: context.address, action: a,
                detail: "proposal \(proposal.id)" + (detail.isEmpty ? "" : ": " + detail))
        }
        proposal.changed = now
        switch action {
        case "add", "remove":
            guard proposal.author == user.name, old == .draft else { return try await refuse("forbidden") }
            guard let table = Self.tables.first(where: { $0.rawValue == form["table"] }) else {
                throw BadParameter(
                    name: "table", value: String((form["table"] ?? "").prefix(40)), expected: .oneOf(Self.tables.map(\.rawValue)))
            }
            var rows = Self.rows(proposal, table)
            if action == "remove" {
                guard let i = form["row"].flatMap(Int.init), rows.indices.contains(i) else {
                    throw BadParameter(
                        name: "row", value: String((form["row"] ?? "").prefix(40)),
                        expected: Wording("a row of the proposal", ru: "строка предложения"))
                }
                rows.remove(at: i)
            } else {
                let values = Dictionary(uniqueKeysWithValues: Self.columns(table).map { ($0, form["f." + $0] ?? "") })
                var row = Row(values: table.fields.map { values[$0.name] ?? "" })
                for field in table.translatedFields where !(values[field + "_ru"] ?? "").isEmpty {
                    row.translations[field + "_ru"] = values[field + "_ru"]
                }
                rows.append(row)
                var files = proposal.files
                files[table.fileName] = Self.file(table, rows)
                let problems = try await problems(files)
                if !problems.isEmpty {
                    return try await page(request, proposal, user, session, form: (table, values, problems), status: .unprocessableContent)
                }
            }
            proposal.files[table.fileName] = Self.file(table, rows)
            try await accounts.updateProposal(proposal, expected: old, audit: nil)
        case "submit":
            guard proposal.author == user.name, old == .draft, !Self.isEmpty(proposal) else { return try await refuse("forbidden") }
            let problems = try await problems(proposal.files)
            guard problems.isEmpty else {
                return try await page(
                    request, proposal, user, session, banner: Self.problemList(problems, EditorStrings(language: Editors.language(request))),
                    status: .conflict)
            }
            proposal.state = .submitted
            try await accounts.updateProposal(proposal, expected: old, audit: audit(.proposalSubmitted))
        case "withdraw":
            guard proposal.author == user.name, old == .draft || old == .submitted else { return try await refuse("forbidden") }
            proposal.state = .withdrawn
            try await accounts.updateProposal(proposal, expected: old, audit: audit(.proposalWithdrawn))
        case "reject":
            let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty, reason.count <= 2000 else {
                throw BadParameter(
                    name: "reason", value: "", expected: Wording("a reason of 1 to 2000 characters", ru: "причина длиной от 1 до 2000 знаков"))
            }
            proposal.state = .rejected
            proposal.reviewer = user.name
            proposal.reason = reason
            do {
                try await accounts.updateProposal(proposal, expected: old, audit: audit(.proposalRejected, reason))
            } catch let refused as ReviewRefused {
                return try await page(
                    request, try await load(context), user, session, banner: "<p class=\"banner\">\(refused.description)</p>", status: .forbidden)
            }
        case "approve":
            proposal.state = .approved
            proposal.reviewer = user.name
            let folder = try Self.folder(proposal.files)
            defer { try? FileManager.default.removeItem(at: folder) }
            do {
                _ = try await Importer.run(
                    folder: folder, into: editors.site.store, review: ProposalReview(proposal, expected: old, audit: audit(.proposalApproved)))
            } catch let refused as ReviewRefused {
                return try await page(
                    request, try await load(context), user, session, banner: "<p class=\"banner\">\(refused.description)</p>", status: .forbidden)
            } catch let failure as ValidationFailure {
                // The record moved since: the proposal says why and stays open.
                return try await page(
                    request, try await load(context), user, session,
                    banner: Self.problemList(failure.problems, EditorStrings(language: Editors.language(request))),
                    status: .conflict)
            }
            try await editors.site.cache.refresh()
            return EditorPage.redirect(base + "&published=1")
        default:
            throw HTTPError(.notFound)
        }
        return EditorPage.redirect(base)
    }

    static func problemList(_ problems: [Problem], _ e: EditorStrings) -> HTML {
        "<p class=\"banner\">\(e["no_longer_valid"])</p><ul class=\"problems\">\(problems.map { "<li>\($0.description)</li>" as HTML })</ul>"
    }

    // MARK: Home

    func home(_ request: Request, _ user: User, _ session: EditorSession) async throws -> Response {
        let language = Editors.language(request)
        let e = EditorStrings(language: language)
        let all = try await accounts.proposals()
        let lang = "?lang=\(language.rawValue)"
        func list(_ proposals: [Proposal]) -> HTML {
            guard !proposals.isEmpty else { return "<p>\(e["none_yet"])</p>" }
            var out: HTML =
                "<figure class=\"table\"><div class=\"scroll\"><table><thead><tr><th>\(e["proposal"])</th><th>\(e["author"])</th><th>\(e["state"])</th><th>\(e["items"])</th><th>\(e["changed"])</th></tr></thead><tbody>"
            for p in proposals {
                let count = Self.tables.map { Self.rows(p, $0).count }.reduce(0, +)
                out +=
                    "<tr><td data-label=\"\(e["proposal"])\"><a href=\"\(Editors.prefix)/proposals/\(p.id)\(lang)\">\(e["proposal"]) \(p.id)</a></td><td data-label=\"\(e["author"])\">\(p.author)</td><td data-label=\"\(e["state"])\">\(e[p.state.rawValue])</td><td class=\"num\" data-label=\"\(e["items"])\">\(count)</td><td data-label=\"\(e["changed"])\">\(p.changed)</td></tr>"
            }
            return out + "</tbody></table></div></figure>"
        }
        var body: HTML =
            "<form method=\"post\" action=\"\(Editors.prefix)/proposals\(lang)\">\(EditorPage.csrfField(session.csrf))<button>\(e["new_proposal"])</button></form>"
        if user.role.includes(.reviewer) {
            body += "<h2>\(e["queue"])</h2>" + list(all.filter { $0.state == .submitted && $0.author != user.name })
        }
        body += "<h2>\(e["my_proposals"])</h2>" + list(all.filter { $0.author == user.name })
        if user.role.includes(.admin) { body += "<p><a href=\"\(Editors.prefix)/audit\(lang)\">\(e["audit"])</a></p>" }
        return EditorPage.response(.ok, EditorPage.render(title: e["editors"], body: body, language: language, user: user.name, csrf: session.csrf))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
