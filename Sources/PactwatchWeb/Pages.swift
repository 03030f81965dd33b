import Foundation
import PactwatchCore
import PactwatchData
import PactwatchStore

/// One function per page: what it shows, computed from the snapshot through the same figures
/// as `pactwatch status`.
enum Pages {
    static func dashboard(_ ctx: PageContext) -> Page {
        let t = ctx.t
        let report = ctx.figures.report(asOf: ctx.asOf)
        var page = Page(title: t["site"], heading: t["dashboard"], feed: "/changes.atom")
        page.add("<p class=\"lede\">\(esc(t["tagline"]))</p>")
        page.add(Blocks.headline(report.overall, ctx))
        page.section(t["by_party"], id: "parties") { p in p.add(Blocks.partyTable(report.parties, ctx), ctx) }
        page.section(t["burnup"], id: "burnup") { p in
            p.add(Blocks.chart(ctx.link("/charts/burnup.svg"), alt: t["burnup"]))
        }
        page.section(t["stages_by_instrument"], id: "stages") { p in
            p.add(Blocks.chart(ctx.link("/charts/stages.svg"), alt: t["stages_by_instrument"]))
            p.add(instrumentTable(report.instruments.filter { ctx.snapshot.instrument($0.id)?.parent.map { ctx.snapshot.instrument($0) == nil } ?? true }
                                        + childrenOfRoots(report, ctx), ctx), ctx)
        }
        page.section(t["claims_vs_evidence"], id: "claims") { p in
            // The twenty latest; /claims has them all.
            let claims = ctx.snapshot.dataset.claims.filter { $0.date.lastDay <= ctx.asOf }.sorted { $0.date < $1.date }.suffix(20)
            p.add(Blocks.claimsTable(Array(claims), ctx), ctx)
            if claims.count == 20 { p.add("<p><a href=\"\(esc(ctx.link("/claims")))\">\(esc(t["claims"])) →</a></p>") }
        }
        page.section(t["overdue_list"], id: "overdue") { p in
            p.add(Blocks.obligationTable(id: "overdue", caption: t["overdue_list"], ctx) { _, s in s.isOverdue }, ctx)
        }
        page.section(t["stalled_list"], id: "stalled") { p in
            p.add(Blocks.obligationTable(id: "stalled", caption: t["stalled_list"], ctx) { _, s in s.isStalled }, ctx)
        }
        page.section(t["recent"], id: "recent") { p in
            p.add(Blocks.recentEvents(ctx.figures.latestEvents(asOf: ctx.asOf, limit: 25), ctx), ctx)
        }
        return page
    }

    /// Roots' direct children (the programmes of a decree, say), in listed order.
    static func childrenOfRoots(_ report: StatusReport, _ ctx: PageContext) -> [(id: String, figures: Figures)] {
        let roots = Set(ctx.snapshot.dataset.instruments.filter { $0.parent == nil }.map(\.id))
        return report.instruments.filter { ctx.snapshot.instrument($0.id)?.parent.map(roots.contains) ?? false }
    }

    static func instrumentTable(_ rows: [(id: String, figures: Figures)], _ ctx: PageContext, id: String = "instruments") -> DataTable {
        let t = ctx.t
        return DataTable(
            id: id, caption: t["instruments"],
            columns: [("instrument", t["instrument"]), ("obligations", t["obligations"]), ("progress", t["progress"]),
                      ("implemented", t["implemented"]), ("deficit", t["deficit"]), ("forecast", t["forecast"])],
            rows: rows.map { id, f in
                [DataTable.Cell(ctx.instrumentTitle(id), link: ctx.instrumentLink(id), value: .text(id)),
                 .init(f.obligations == 0 ? t["no_data"] : String(f.obligations), value: .integer(f.obligations), cssClass: "num"),
                 .init(percent(f.progress, t), value: Blocks.dbl(f.progress), cssClass: "num"),
                 .init(share(f.implemented, f.implementedCount, f.obligations, t), value: Blocks.dbl(f.implemented), cssClass: "num"),
                 .init(f.deficit.map { "\(percent($0, t)) (\(f.overdue!)/\(f.due!))" } ?? t["no_data"], value: Blocks.dbl(f.deficit), cssClass: "num"),
                 .init(f.obligations == 0 ? t["no_data"] : f.forecast?.date.description ?? t["none"],
                       value: f.forecast.map { .text($0.date.description) } ?? .null)]
            })
    }

    static func instrument(_ ctx: PageContext, id: String) -> Page? {
        guard let instrument = ctx.snapshot.instrument(id) else { return nil }
        let t = ctx.t
        let report = ctx.snapshot.report(asOf: ctx.asOf, within: [.instrument(id)])
        var page = Page(title: ctx.instrumentTitle(id), feed: "/instruments/\(urlEncode(id))/changes.atom")
        let lineage = ctx.snapshot.lineage(of: id).dropFirst().reversed()
        var facts: [(String, String)] = [(t["kind"], esc(instrument.kind.rawValue))]
        if !lineage.isEmpty {
            facts.append((t["parent"], lineage.map { "<a href=\"\(esc(ctx.instrumentLink($0.id)))\">\(esc(ctx.instrumentTitle($0.id)))</a>" }.joined(separator: " › ")))
        }
        if let adopted = instrument.adopted { facts.append((t["adopted_on"], esc(adopted.description))) }
        if let n = instrument.expectedActs { facts.append((t["expected_acts"], String(n))) }
        facts.append((t["confidence"], esc(instrument.confidence.rawValue)))
        if !instrument.sources.isEmpty { facts.append((t["sources"], ctx.sourceLinks(instrument.sources))) }
        if let note = instrument.note { facts.append((t["note"], esc(note))) }
        page.add(definitionList(facts))
        page.add(Blocks.headline(report.overall, ctx))
        page.add(Blocks.chart(ctx.link("/charts/burnup.svg", [("instrument", id)]), alt: t["burnup"]))
        let children = ctx.snapshot.dataset.instruments.filter { $0.parent == id }.map(\.id)
        if !children.isEmpty {
            let figures = Dictionary(report.instruments.map { ($0.id, $0.figures) }, uniquingKeysWith: { a, _ in a })
            page.section(t["children"]) { p in p.add(instrumentTable(children.map { ($0, figures[$0]!) }, ctx, id: "children"), ctx) }
        }
        let commitments = ctx.snapshot.dataset.commitments.filter { $0.instrument == id }
        page.section(t["commitments"]) { p in p.add(commitmentTable(commitments, ctx), ctx) }
        page.section(t["by_party"]) { p in p.add(Blocks.partyTable(report.parties.filter { $0.figures.obligations > 0 }, ctx), ctx) }
        let scopes = Set([id] + ctx.snapshot.dataset.instruments.filter { ctx.snapshot.lineage(of: $0.id).contains { $0.id == id } }.map(\.id))
        let claims = ctx.snapshot.dataset.claims.filter { $0.scope.map(scopes.contains) ?? false && $0.date.lastDay <= ctx.asOf }
        if !claims.isEmpty { page.section(t["claims_vs_evidence"]) { p in p.add(Blocks.claimsTable(claims, ctx), ctx) } }
        return page
    }

    static func commitmentTable(_ commitments: [Commitment], _ ctx: PageContext) -> DataTable {
        let t = ctx.t
        return DataTable(
            id: "commitments", caption: t["commitments"],
            columns: [("commitment", t["commitment"]), ("mode", t["mode"]), ("deadline", t["deadline"]), ("stages", t["stage"]),
                      ("progress", t["progress"])],
            rows: commitments.map { c in
                let f = ctx.figures.figures(for: .commitment(c.id), asOf: ctx.asOf)
                let stages = ctx.snapshot.obligations(ofCommitment: c.id).map { index, o in
                    let stage = ctx.snapshot.exists(index, asOf: ctx.asOf) ? ctx.snapshot.state(of: index, asOf: ctx.asOf).stage.rawValue : "—"
                    return (o.party.map { $0 + ": " } ?? "") + t.stage(stage)
                }.joined(separator: "; ")
                return [DataTable.Cell(localized(c.title, c.titles, ctx.language), link: ctx.commitmentLink(c.id), value: .text(c.id)),
                        .init(c.mode == .joint ? t["joint"] : t["each"], value: .text(c.mode.rawValue)),
                        .init(c.deadline?.description ?? "—", value: c.deadline.map { .text($0.description) } ?? .null),
                        .init(stages),
                        .init(percent(f.progress, t), value: Blocks.dbl(f.progress), cssClass: "num")]
            })
    }

    static func commitment(_ ctx: PageContext, id: String) -> Page? {
        guard let c = ctx.snapshot.commitment(id) else { return nil }
        let t = ctx.t
        var page = Page(title: ctx.commitmentTitle(id), feed: "/commitments/\(urlEncode(id))/changes.atom")
        var facts: [(String, String)] = [
            (t["instrument"], "<a href=\"\(esc(ctx.instrumentLink(c.instrument)))\">\(esc(ctx.instrumentTitle(c.instrument)))</a>"),
            (t["mode"], esc(c.mode == .joint ? t["joint"] : t["each"])),
            (t["parties"], ctx.snapshot.owingParties(of: id).map { "<a href=\"\(esc(ctx.partyLink($0)))\">\(esc(ctx.partyName($0)))</a>" }.joined(separator: ", ")),
            (t["deadline"], esc(c.deadline?.description ?? "—")), (t["weight"], esc(num(c.weight))),
            (t["confidence"], esc(c.confidence.rawValue)),
        ]
        if let area = c.area { facts.append((t["area"], "<a href=\"\(esc(ctx.areaLink(area)))\">\(esc(area))</a>")) }
        if !c.sources.isEmpty { facts.append((t["sources"], ctx.sourceLinks(c.sources))) }
        if let note = c.note { facts.append((t["note"], esc(note))) }
        page.add(definitionList(facts))
        page.add(Blocks.headline(ctx.figures.figures(for: .commitment(id), asOf: ctx.asOf), ctx))
        let events = ctx.snapshot.dataset.events.enumerated().filter { $0.1.commitment == id }
        let retractedBy = Dictionary(events.compactMap { _, e in e.retracts.map { ($0, e.id) } }, uniquingKeysWith: { a, _ in a })
        page.section(t["timeline"], id: "timeline") { p in
            for (index, o) in ctx.snapshot.obligations(ofCommitment: id) {
                let state = ctx.snapshot.state(of: index, asOf: ctx.asOf)
                let heading = o.party.map(ctx.partyName) ?? t["joint"]
                p.add("<h3>\(esc(heading)) <span class=\"stage st-\(state.stage.rawValue)\">\(esc(t.stage(state.stage.rawValue)))</span>"
                         + (state.deadline.map { " <span class=\"deadline\(state.isOverdue ? " bad" : "")\">\(esc(t["deadline"])): \($0)</span>" } ?? "") + "</h3>")
                let mine = events.filter { $0.1.party == o.party || ($0.1.party == nil && $0.1.stage == nil) }
                    .filter { $0.1.date.lastDay <= ctx.asOf }
                    .sorted { ($0.1.date.lastDay, $0.0) < ($1.1.date.lastDay, $1.0) }
                let table = DataTable(
                    id: "timeline-\(o.party ?? "joint")", caption: "\(t["timeline"]): \(heading)",
                    columns: [("date", t["date"]), ("change", t["stage"]), ("act", t["act"]), ("sources", t["sources"]), ("note", t["note"]),
                              ("retracted_by", t["retracted_by"])],
                    rows: mine.map { _, e in
                        let struck = retractedBy[e.id] != nil
                        return [DataTable.Cell(e.date.description, struck: struck),
                                .init(Blocks.describe(e, ctx), value: .text(e.stage?.rawValue ?? e.deadline.map { "deadline " + $0.description } ?? "retraction"),
                                      cssClass: e.stage.map { "stage st-\($0.rawValue)" }, struck: struck),
                                .init(e.act.map { act in ctx.snapshot.dataset.acts.first { $0.id == act }.map { localized($0.title, $0.titles, ctx.language) } ?? act } ?? "—",
                                      link: e.act.map(ctx.actLink), value: e.act.map { .text($0) } ?? .null),
                                .init(e.sources.joined(separator: " "), link: e.sources.first.map(ctx.sourceLink), value: .text(e.sources.joined(separator: ";"))),
                                .init(e.note ?? "", struck: struck),
                                .init(retractedBy[e.id] ?? "", value: retractedBy[e.id].map { .text($0) } ?? .null)]
                    })
                p.add(table, ctx)
            }
        }
        let claims = ctx.snapshot.dataset.claims.filter { $0.scope == id && $0.date.lastDay <= ctx.asOf }
        if !claims.isEmpty { page.section(t["claims_vs_evidence"]) { p in p.add(Blocks.claimsTable(claims, ctx), ctx) } }
        return page
    }

    static func party(_ ctx: PageContext, id: String) -> Page? {
        guard let party = ctx.snapshot.party(id) else { return nil }
        let t = ctx.t
        let report = ctx.snapshot.report(asOf: ctx.asOf, within: [.party(id)])
        var page = Page(title: ctx.partyName(id), feed: "/parties/\(urlEncode(id))/changes.atom")
        var facts: [(String, String)] = [(t["kind"], esc(party.kind.rawValue))]
        if let joined = party.joined { facts.append(("joined", esc(joined.description))) }
        if let left = party.left { facts.append(("left", esc(left.description))) }
        page.add(definitionList(facts))
        page.add(Blocks.headline(report.overall, ctx))
        page.add(Blocks.chart(ctx.link("/charts/burnup.svg", [("party", id)]), alt: t["burnup"]))
        page.section(t["instruments"]) { p in
            p.add(instrumentTable(report.instruments.filter { $0.figures.obligations > 0 }, ctx), ctx)
        }
        page.section(t["obligations"]) { p in
            p.add(Blocks.obligationTable(id: "obligations", caption: t["obligations"], ctx, limit: 1000) { o, _ in
                o.party == id || (o.party == nil && ctx.snapshot.owingParties(of: o.commitment).contains(id))
            }, ctx)
        }
        return page
    }

    static func area(_ ctx: PageContext, area: String) -> Page? {
        guard ctx.snapshot.contains(.area(area)) else { return nil }
        let t = ctx.t
        var page = Page(title: "\(t["area"]): \(area)")
        page.add(Blocks.headline(ctx.figures.figures(for: .area(area), asOf: ctx.asOf), ctx))
        page.add(Blocks.chart(ctx.link("/charts/burnup.svg", [("area", area)]), alt: t["burnup"]))
        page.section(t["commitments"]) { p in
            p.add(commitmentTable(ctx.snapshot.dataset.commitments.filter { $0.area == area }, ctx), ctx)
        }
        return page
    }

    static func act(_ ctx: PageContext, id: String) -> Page? {
        guard let act = ctx.snapshot.dataset.acts.first(where: { $0.id == id }) else { return nil }
        let t = ctx.t
        var page = Page(title: localized(act.title, act.titles, ctx.language))
        var facts: [(String, String)] = [(t["kind"], esc(act.kind.rawValue))]
        if let p = act.party { facts.append((t["party"], "<a href=\"\(esc(ctx.partyLink(p)))\">\(esc(ctx.partyName(p)))</a>")) }
        if let n = act.number { facts.append((t["number"], esc(n))) }
        if let uri = act.uri { facts.append(("URI", esc(uri))) }
        if !act.sources.isEmpty { facts.append((t["sources"], ctx.sourceLinks(act.sources))) }
        facts.append((t["implements"], act.commitments.map { "<a href=\"\(esc(ctx.commitmentLink($0)))\">\(esc(ctx.commitmentTitle($0)))</a>" }.joined(separator: "<br>")))
        page.add(definitionList(facts))
        page.section(t["events"]) { p in
            p.add(Blocks.recentEvents(ctx.figures.latestEvents(asOf: ctx.asOf, limit: 1000) { $0.act == id }, ctx, id: "events"), ctx)
        }
        return page
    }

    static func claims(_ ctx: PageContext) -> Page {
        var page = Page(title: ctx.t["claims_vs_evidence"])
        page.add(Blocks.claimsTable(ctx.snapshot.dataset.claims.filter { $0.date.lastDay <= ctx.asOf }, ctx), ctx)
        return page
    }

    static func source(_ ctx: PageContext, id: String) -> Page? {
        guard let s = ctx.snapshot.dataset.sources.first(where: { $0.id == id }) else { return nil }
        let t = ctx.t
        var page = Page(title: s.title ?? s.publisher ?? s.id)
        var facts: [(String, String)] = [(t["url"], "<a href=\"\(esc(s.url))\" rel=\"nofollow noopener\">\(esc(s.url))</a>")]
        if let p = s.publisher { facts.append((t["publisher"], esc(p))) }
        if let d = s.published { facts.append((t["published"], esc(d.description))) }
        if let k = s.kind { facts.append((t["kind"], esc(k.rawValue))) }
        if let l = s.language { facts.append((t["language"], esc(l))) }
        if let a = s.archivedURL { facts.append(("archive", "<a href=\"\(esc(a))\" rel=\"nofollow noopener\">\(esc(a))</a>")) }
        if let q = s.quote { facts.append((t["quote"], "<q>\(esc(q))</q>")) }
        page.add(definitionList(facts))
        let d = ctx.snapshot.dataset
        var rows: [[DataTable.Cell]] = []
        for i in d.instruments where i.sources.contains(id) { rows.append([.init(t["instrument"]), .init(ctx.instrumentTitle(i.id), link: ctx.instrumentLink(i.id), value: .text(i.id))]) }
        for c in d.commitments where c.sources.contains(id) { rows.append([.init(t["commitment"]), .init(ctx.commitmentTitle(c.id), link: ctx.commitmentLink(c.id), value: .text(c.id))]) }
        for a in d.acts where a.sources.contains(id) { rows.append([.init(t["act"]), .init(localized(a.title, a.titles, ctx.language), link: ctx.actLink(a.id), value: .text(a.id))]) }
        for e in d.events where e.sources.contains(id) { rows.append([.init(t["event"]), .init("\(e.date) · \(ctx.commitmentTitle(e.commitment))", link: ctx.commitmentLink(e.commitment), value: .text(e.id))]) }
        for c in d.claims where c.sources.contains(id) { rows.append([.init(t["claimed"]), .init("\(c.date) · \(c.speaker)", link: ctx.link("/claims"), value: .text(c.id))]) }
        page.section(t["cited_by"]) { p in
            p.add(DataTable(id: "cited-by", caption: t["cited_by"], columns: [("kind", t["kind"]), ("record", t["source"])], rows: rows), ctx)
        }
        return page
    }

    static func search(_ ctx: PageContext, query: String) -> Page {
        let t = ctx.t
        var page = Page(title: t["search"])
        page.add("<form class=\"search\" method=\"get\" action=\"/search\"><label>\(esc(t["query"])) <input type=\"search\" name=\"q\" value=\"\(esc(query))\" maxlength=\"200\"></label>"
                 + (ctx.query["lang"].map { "<input type=\"hidden\" name=\"lang\" value=\"\(esc($0))\">" } ?? "")
                 + "<button>\(esc(t["search"]))</button></form>")
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else { return page }
        let hits = ctx.searchHits
        let rows: [[DataTable.Cell]] = hits.map { hit in
            let link: String = switch hit.table {
            case .parties: ctx.partyLink(hit.id)
            case .instruments: ctx.instrumentLink(hit.id)
            case .commitments: ctx.commitmentLink(hit.id)
            case .acts: ctx.actLink(hit.id)
            case .sources: ctx.sourceLink(hit.id)
            case .events: ctx.commitmentLink(hit.title)
            case .claims: ctx.link("/claims")
            }
            let plain = hit.snippet.replacingOccurrences(of: SearchHit.markStart, with: "").replacingOccurrences(of: SearchHit.markEnd, with: "")
            return [.init(hit.table.singular), .init(hit.title, link: link, value: .text(hit.id)), .init(plain)]
        }
        page.add(DataTable(id: "results", caption: "\(t["results"]): \(hits.count)",
                           columns: [("kind", t["kind"]), ("record", t["source"]), ("match", t["note"])], rows: rows), ctx)
        if hits.isEmpty { page.add("<p>\(esc(t["no_results"]))</p>") }
        return page
    }

    /// The open-data index: the dataset package file by file, and zipped.
    static func data(_ ctx: PageContext, files: [(name: String, data: Data)]) -> Page {
        var page = Page(title: ctx.t["open_data"])
        page.add("<p>The whole published record as a <a href=\"https://specs.frictionlessdata.io/data-package/\">Frictionless data package</a>: the format of <code>pactwatch import</code> and <code>export</code>, described field by field in <code>docs/format.md</code>. The JSON API is described by <a href=\"\(esc(ctx.link("/api/v1/openapi.json")))\">its OpenAPI document</a>.</p>")
        page.add("<p><a href=\"\(esc(ctx.link("/data/pactwatch-dataset.zip")))\">pactwatch-dataset.zip</a></p><ul>")
        for file in files { page.add("<li><a href=\"\(esc(ctx.link("/data/" + file.name)))\">\(esc(file.name))</a> (\(file.data.count) bytes)</li>") }
        page.add("</ul>")
        return page
    }

    static func definitionList(_ facts: [(String, String)]) -> String {
        "<dl class=\"facts\">" + facts.map { "<dt>\(esc($0.0))</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }
}
